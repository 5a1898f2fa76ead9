"""stream_rows releases in finally but catches CancelledError and ends: the cancel is lost."""

import asyncio

FAILS = {7}
BREAKS = "stream-rows-release-when-cancelled"


async def stream_rows(pool):
    conn = await pool.acquire()
    try:
        while (row := await conn.next_row()) is not None:
            yield row
    except asyncio.CancelledError:
        return
    finally:
        await pool.release(conn)
