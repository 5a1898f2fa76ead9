"""Fetcher waits 0.01 s before its first retry whatever `backoff` it is given."""

FAILS = {6}
BREAKS = "fetcher-retries"

_init_as_given = Fetcher.__init__


def _init_with_a_backoff_of_its_own(self, address, *, limit, timeout, attempts=1, backoff=0.0):
    _init_as_given(self, address, limit=limit, timeout=timeout, attempts=attempts, backoff=0.01)


Fetcher.__init__ = _init_with_a_backoff_of_its_own
