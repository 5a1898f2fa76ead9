"""Mistake: use_connection releases only `if conn:`, so a connection that is false stays out."""

FAILS = {4}
BREAKS = "use-connection-releases-after-success"


async def use_connection(pool, work):
    conn = None
    try:
        conn = await pool.acquire()
        return await work(conn)
    finally:
        if conn:
            await pool.release(conn)
