"""Mistake: use_connection releases after the work and again in `except BaseException`: a cancel
arriving during the first release releases the same connection a second time."""

FAILS = {4}
BREAKS = "use-connection-releases-after-cancel"


async def use_connection(pool, work):
    conn = await pool.acquire()
    try:
        result = await work(conn)
        await pool.release(conn)
        return result
    except BaseException:
        await pool.release(conn)
        raise
