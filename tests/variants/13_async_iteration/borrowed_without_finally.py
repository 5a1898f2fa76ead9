"""borrowed releases after the yield with no finally: skipped on error and on cancellation."""

import contextlib

FAILS = {5}
BREAKS = "borrowed-releases"


@contextlib.asynccontextmanager
async def borrowed(pool):
    conn = await pool.acquire()
    yield conn
    await pool.release(conn)
