"""Fetcher.aclose gathers without return_exceptions: it returns once the first fetch is
cancelled, while the others still close their connections."""

import contextlib

FAILS = {6}
BREAKS = "fetcher-aclose-cancels-and-waits"


async def _aclose_at_the_first_end(self):
    self._closed = True
    pending = list(self._tasks)
    for fetching in pending:
        fetching.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.gather(*pending)


Fetcher.aclose = _aclose_at_the_first_end
