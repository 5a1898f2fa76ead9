"""Mistake: Borrowed keeps the connections it acquires in a list on the class and releases the
last one any Borrowed acquired: two open at once whose first ends first release each other's."""

FAILS = {4}
BREAKS = "borrowed-class-own-connection"


class Borrowed:
    _held = []  # noqa: RUF012 (the mistake: connections in use, most recent last)

    def __init__(self, pool):
        self.pool = pool
        self.conn = None

    async def __aenter__(self):
        self.conn = await self.pool.acquire()
        self._held.append(self.conn)
        return self.conn

    async def __aexit__(self, exc_type, exc, traceback):
        await self.pool.release(self._held.pop())
