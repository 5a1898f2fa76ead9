"""Fetcher.submit does not keep its tasks, so aclose has nothing to cancel."""

FAILS = {6}
BREAKS = "fetcher-aclose-cancels-and-waits"


def _submit_and_forget(self, key):
    if self._closed:
        raise RuntimeError("this Fetcher is closed")
    return asyncio.create_task(self._fetch(key))


Fetcher.submit = _submit_and_forget
