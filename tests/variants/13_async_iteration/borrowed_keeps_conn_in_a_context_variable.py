"""Mistake: borrowed keeps the connection in a context variable, which two borrowed in use at once
in one task share: the second one's connection is released twice."""

import contextlib
import contextvars

FAILS = {5}
BREAKS = "borrowed-own-connection"

_current = contextvars.ContextVar("connection")


@contextlib.asynccontextmanager
async def borrowed(pool):
    _current.set(await pool.acquire())
    try:
        yield _current.get()
    finally:
        await pool.release(_current.get())
