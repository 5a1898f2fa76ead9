"""borrowed catches the block's exception at the yield and does not raise it again."""

import contextlib

FAILS = {5}
BREAKS = "borrowed-lets-errors-through"


@contextlib.asynccontextmanager
async def borrowed(pool):
    conn = await pool.acquire()
    try:
        yield conn
    except BaseException:
        pass
    finally:
        await pool.release(conn)
