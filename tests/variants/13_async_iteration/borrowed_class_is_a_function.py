"""Borrowed is written as an @asynccontextmanager function, not as a class."""

import contextlib

FAILS = {4}
BREAKS = "borrowed-class-is-a-class"


@contextlib.asynccontextmanager
async def Borrowed(pool):
    conn = await pool.acquire()
    try:
        yield conn
    finally:
        await pool.release(conn)
