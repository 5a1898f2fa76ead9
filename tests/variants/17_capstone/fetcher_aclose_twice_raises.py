"""Fetcher.aclose raises RuntimeError when called a second time."""

FAILS = {6}
BREAKS = "fetcher-aclose-cancels-and-waits"


async def _aclose_only_once(self):
    if self._closed:
        raise RuntimeError("this Fetcher is already closed")
    self._closed = True
    pending = list(self._tasks)
    for fetching in pending:
        fetching.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


Fetcher.aclose = _aclose_only_once
