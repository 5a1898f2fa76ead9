"""borrowed acquires a connection but yields the pool."""

import contextlib

FAILS = {5}
BREAKS = "borrowed-acquires"


@contextlib.asynccontextmanager
async def borrowed(pool):
    conn = await pool.acquire()
    try:
        yield pool
    finally:
        await pool.release(conn)
