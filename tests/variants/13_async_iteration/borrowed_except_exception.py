"""borrowed releases in `except Exception`: a CancelledError slips past it."""

import contextlib

FAILS = {5}
BREAKS = "borrowed-releases"


@contextlib.asynccontextmanager
async def borrowed(pool):
    conn = await pool.acquire()
    try:
        yield conn
    except Exception:
        await pool.release(conn)
        raise
    await pool.release(conn)
