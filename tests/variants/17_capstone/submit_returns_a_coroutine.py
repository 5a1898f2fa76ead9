"""Fetcher.submit returns the fetch's coroutine instead of starting it as a task."""

FAILS = {6}
BREAKS = "fetcher-submit-starts-a-task"


def _submit_coroutine(self, key):
    if self._closed:
        raise RuntimeError("this Fetcher is closed")
    return self._fetch(key)


Fetcher.submit = _submit_coroutine
