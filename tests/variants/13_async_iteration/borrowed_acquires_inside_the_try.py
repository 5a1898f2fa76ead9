"""borrowed acquires inside the try: a failed acquire ends in UnboundLocalError from finally."""

import contextlib

FAILS = {5}
BREAKS = "borrowed-acquire-fails"


@contextlib.asynccontextmanager
async def borrowed(pool):
    try:
        conn = await pool.acquire()
        yield conn
    finally:
        await pool.release(conn)
