"""Mistake: use_connection acquires inside its try, so a cancelled acquire releases None."""

FAILS = {4}
BREAKS = "use-connection-releases-only-what-it-acquired"


async def use_connection(pool, work):
    conn = None
    try:
        conn = await pool.acquire()
        return await work(conn)
    finally:
        await pool.release(conn)
