"""borrowed releases in an except that re-raises: a block that ends normally keeps the conn."""

import contextlib

FAILS = {5}
BREAKS = "borrowed-releases"


@contextlib.asynccontextmanager
async def borrowed(pool):
    conn = await pool.acquire()
    try:
        yield conn
    except BaseException:
        await pool.release(conn)
        raise
