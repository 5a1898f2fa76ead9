"""Borrowed keeps the connection in a class attribute: two at once release the same one twice."""

FAILS = {4}
BREAKS = "shared-state"


class Borrowed:
    conn = None

    def __init__(self, pool):
        self.pool = pool

    async def __aenter__(self):
        Borrowed.conn = await self.pool.acquire()
        return Borrowed.conn

    async def __aexit__(self, exc_type, exc, traceback):
        await self.pool.release(Borrowed.conn)
