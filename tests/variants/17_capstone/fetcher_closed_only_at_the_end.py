"""Fetcher.aclose marks itself closed only after waiting: a key submitted meanwhile is taken."""

FAILS = {6}
BREAKS = "fetcher-aclose-cancels-and-waits"


async def _aclose_then_mark_closed(self):
    pending = list(self._tasks)
    for fetching in pending:
        fetching.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    self._closed = True


Fetcher.aclose = _aclose_then_mark_closed
