"""Mistake: borrowed awaits pool.acquire() inside asyncio.timeout(10), a deadline the
statement never sets: a pool that takes longer to give a connection raises TimeoutError."""

import contextlib

FAILS = {5}
BREAKS = "borrowed-acquires"


@contextlib.asynccontextmanager
async def borrowed(pool):
    async with asyncio.timeout(10):
        conn = await pool.acquire()
    try:
        yield conn
    finally:
        await pool.release(conn)
