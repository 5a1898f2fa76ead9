"""Mistake: use_connection calls pool.release(conn) in finally without await: nothing released."""

FAILS = {4}
BREAKS = "use-connection-releases-after-success"


async def use_connection(pool, work):
    conn = await pool.acquire()
    try:
        return await work(conn)
    finally:
        pool.release(conn)
