"""borrowed keeps the connection in a global: two at once release the same one twice."""

import contextlib

FAILS = {5}
BREAKS = "shared-state"

_conn = None


@contextlib.asynccontextmanager
async def borrowed(pool):
    global _conn
    _conn = await pool.acquire()
    try:
        yield _conn
    finally:
        await pool.release(_conn)
