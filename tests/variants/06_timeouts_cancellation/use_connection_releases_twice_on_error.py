"""Mistake: use_connection releases in an except block and again in finally: twice on an error."""

FAILS = {4}
BREAKS = "use-connection-releases-after-error"


async def use_connection(pool, work):
    conn = await pool.acquire()
    try:
        return await work(conn)
    except BaseException:
        await pool.release(conn)
        raise
    finally:
        await pool.release(conn)
