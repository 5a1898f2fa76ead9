"""Mistake: release in `except Exception`, which a CancelledError skips: cleanup lost on cancel."""

FAILS = {4}
BREAKS = "use-connection-releases-after-cancel"


async def use_connection(pool, work):
    conn = await pool.acquire()
    try:
        result = await work(conn)
    except Exception:
        await pool.release(conn)
        raise
    await pool.release(conn)
    return result
