"""Borrowed.__aexit__ returns True, which swallows every exception from the block."""

FAILS = {4}
BREAKS = "borrowed-class-lets-errors-through"


class Borrowed:
    def __init__(self, pool):
        self.pool = pool
        self.conn = None

    async def __aenter__(self):
        self.conn = await self.pool.acquire()
        return self.conn

    async def __aexit__(self, exc_type, exc, traceback):
        await self.pool.release(self.conn)
        return True
