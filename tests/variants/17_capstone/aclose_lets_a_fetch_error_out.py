"""Fetcher keeps every task and aclose gathers them without return_exceptions: a failed fetch's
error comes out of aclose."""

import contextlib

FAILS = {6, 7}


def _submit_keeping_all(self, key):
    if self._closed:
        raise RuntimeError("this Fetcher is closed")
    fetching = asyncio.create_task(self._fetch(key))
    self._tasks.add(fetching)
    return fetching


async def _aclose_raising(self):
    self._closed = True
    for fetching in self._tasks:
        fetching.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.gather(*self._tasks)


Fetcher.submit = _submit_keeping_all
Fetcher.aclose = _aclose_raising
