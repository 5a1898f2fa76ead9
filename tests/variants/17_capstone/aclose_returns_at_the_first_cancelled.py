"""Fetcher.aclose gathers without return_exceptions: it returns when the first fetch is cancelled."""

FAILS = {6}
BREAKS = "fetcher-aclose-cancels-and-waits"


async def _aclose_at_the_first_end(self):
    self._closed = True
    pending = list(self._tasks)
    for fetching in pending:
        fetching.cancel()
    try:
        await asyncio.gather(*pending)
    except asyncio.CancelledError:
        pass


Fetcher.aclose = _aclose_at_the_first_end
