"""Fetcher makes 3 attempts at each key whatever `attempts` it is given."""

FAILS = {6}
BREAKS = "fetcher-retries"

_init_as_given = Fetcher.__init__


def _init_with_three_attempts(self, address, *, limit, timeout, attempts=1, backoff=0.0):
    _init_as_given(self, address, limit=limit, timeout=timeout, attempts=3, backoff=backoff)


Fetcher.__init__ = _init_with_three_attempts
