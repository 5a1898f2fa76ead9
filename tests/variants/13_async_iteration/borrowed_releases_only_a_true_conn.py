"""borrowed releases with `if conn:` in its finally: a connection that is false is kept."""

import contextlib

FAILS = {5}
BREAKS = "borrowed-releases"


@contextlib.asynccontextmanager
async def borrowed(pool):
    conn = await pool.acquire()
    try:
        yield conn
    finally:
        if conn:
            await pool.release(conn)
