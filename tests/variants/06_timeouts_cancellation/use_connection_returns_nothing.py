"""Mistake: use_connection awaits the work and releases, but forgets to return the result."""

FAILS = {4}
BREAKS = "use-connection-returns-work-result"


async def use_connection(pool, work):
    conn = await pool.acquire()
    try:
        await work(conn)
    finally:
        await pool.release(conn)
