"""Borrowed.__aenter__ acquires but returns the manager itself, not the connection."""

FAILS = {4}
BREAKS = "borrowed-class-acquires"


class Borrowed:
    def __init__(self, pool):
        self.pool = pool
        self.conn = None

    async def __aenter__(self):
        self.conn = await self.pool.acquire()
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        await self.pool.release(self.conn)
