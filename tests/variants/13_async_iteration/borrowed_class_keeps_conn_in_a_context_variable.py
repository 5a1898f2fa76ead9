"""Mistake: Borrowed keeps the connection in a context variable, which two Borrowed in use at once
in one task share: the second one's connection is released twice."""

import contextvars

FAILS = {4}
BREAKS = "borrowed-class-own-connection"

_current = contextvars.ContextVar("connection")


class Borrowed:
    def __init__(self, pool):
        self.pool = pool

    async def __aenter__(self):
        _current.set(await self.pool.acquire())
        return _current.get()

    async def __aexit__(self, exc_type, exc, traceback):
        await self.pool.release(_current.get())
