"""Fetcher.aclose cancels the fetches but returns without waiting for them to end."""

FAILS = {6}
BREAKS = "fetcher-aclose-cancels-and-waits"


async def _aclose_in_a_hurry(self):
    self._closed = True
    for fetching in list(self._tasks):
        fetching.cancel()


Fetcher.aclose = _aclose_in_a_hurry
