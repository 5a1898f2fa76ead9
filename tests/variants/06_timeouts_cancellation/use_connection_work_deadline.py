"""Mistake: use_connection gives work(conn) 30 s (wait_for)."""

FAILS = {4}
BREAKS = "use-connection-returns-work-result"


async def use_connection(pool, work):
    conn = await pool.acquire()
    try:
        return await asyncio.wait_for(work(conn), 30)
    finally:
        await pool.release(conn)
