"""__aexit__ returns `await pool.release(conn)`: with a release that returns True, errors vanish."""

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
        return await self.pool.release(self.conn)
