"""Borrowed.__aenter__ catches a failed acquire and gives None: the block runs, no error."""

FAILS = {4}
BREAKS = "borrowed-class-acquire-fails"


class Borrowed:
    def __init__(self, pool):
        self.pool = pool
        self.conn = None

    async def __aenter__(self):
        try:
            self.conn = await self.pool.acquire()
        except Exception:
            self.conn = None
        return self.conn

    async def __aexit__(self, exc_type, exc, traceback):
        await self.pool.release(self.conn)
