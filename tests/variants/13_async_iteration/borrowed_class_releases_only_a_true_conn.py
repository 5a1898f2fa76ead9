"""Borrowed.__aexit__ releases with `if self.conn:`: a connection that is false is kept."""

FAILS = {4}
BREAKS = "borrowed-class-releases"


class Borrowed:
    def __init__(self, pool):
        self.pool = pool
        self.conn = None

    async def __aenter__(self):
        self.conn = await self.pool.acquire()
        return self.conn

    async def __aexit__(self, exc_type, exc, traceback):
        if self.conn:
            await self.pool.release(self.conn)
