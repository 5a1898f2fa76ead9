"""Mistake: use_connection starts the work, releases the connection, then awaits the work:
the connection goes back to the pool while the work still uses it."""

FAILS = {4}
BREAKS = "use-connection-releases-after-success"


async def use_connection(pool, work):
    conn = await pool.acquire()
    job = asyncio.ensure_future(work(conn))
    try:
        await pool.release(conn)
    finally:
        result = await job
    return result
