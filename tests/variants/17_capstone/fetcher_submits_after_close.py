"""Fetcher.submit never checks for a closed fetcher: after aclose it still starts fetches."""

FAILS = {6}
BREAKS = "fetcher-aclose-cancels-and-waits"


def _submit_even_when_closed(self, key):
    fetching = asyncio.create_task(self._fetch(key))
    self._tasks.add(fetching)
    fetching.add_done_callback(self._tasks.discard)
    return fetching


Fetcher.submit = _submit_even_when_closed
