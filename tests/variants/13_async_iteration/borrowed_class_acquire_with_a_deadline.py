"""Mistake: Borrowed awaits pool.acquire() inside asyncio.wait_for(..., 10), a deadline the
statement never sets: a pool that takes longer to give a connection raises TimeoutError."""

FAILS = {4}
BREAKS = "borrowed-class-acquires"


class Borrowed:
    def __init__(self, pool):
        self.pool = pool
        self.conn = None

    async def __aenter__(self):
        self.conn = await asyncio.wait_for(self.pool.acquire(), 10)
        return self.conn

    async def __aexit__(self, exc_type, exc, traceback):
        await self.pool.release(self.conn)
