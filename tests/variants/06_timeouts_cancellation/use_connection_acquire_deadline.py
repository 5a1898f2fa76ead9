"""Mistake: use_connection gives pool.acquire() 60 s (asyncio.timeout)."""

FAILS = {4}
BREAKS = "use-connection-returns-work-result"


async def use_connection(pool, work):
    async with asyncio.timeout(60):
        conn = await pool.acquire()
    try:
        return await work(conn)
    finally:
        await pool.release(conn)
