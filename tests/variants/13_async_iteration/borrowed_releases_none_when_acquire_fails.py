"""borrowed starts from conn = None and always releases: a failed acquire releases None."""

import contextlib

FAILS = {5}
BREAKS = "borrowed-acquire-fails"


@contextlib.asynccontextmanager
async def borrowed(pool):
    conn = None
    try:
        conn = await pool.acquire()
        yield conn
    finally:
        await pool.release(conn)
