"""Mistake: use_connection releases on cancellation but then swallows the CancelledError."""

import asyncio

FAILS = {4}
BREAKS = "use-connection-releases-after-cancel"


async def use_connection(pool, work):
    conn = await pool.acquire()
    try:
        return await work(conn)
    except asyncio.CancelledError:
        return None
    finally:
        await pool.release(conn)
