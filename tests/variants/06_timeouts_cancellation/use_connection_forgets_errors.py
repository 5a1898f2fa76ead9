"""Mistake: use_connection releases after success and after a cancellation, but not after an
error of the work."""

FAILS = {4}
BREAKS = "use-connection-releases-after-error"


async def use_connection(pool, work):
    conn = await pool.acquire()
    try:
        result = await work(conn)
    except asyncio.CancelledError:
        await pool.release(conn)
        raise
    await pool.release(conn)
    return result
