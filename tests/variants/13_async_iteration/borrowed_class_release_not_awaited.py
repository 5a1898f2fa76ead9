"""Borrowed.__aexit__ calls pool.release(conn) without await: the release never runs."""

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
        self.pool.release(self.conn)
