"""Fetcher gives each fetch 0.2 s whatever `timeout` it is given."""

FAILS = {6}
BREAKS = "fetcher-one-timeout"

_init_as_given = Fetcher.__init__


def _init_with_a_timeout_of_its_own(self, address, *, limit, timeout, attempts=1, backoff=0.0):
    _init_as_given(self, address, limit=limit, timeout=0.2, attempts=attempts, backoff=backoff)


Fetcher.__init__ = _init_with_a_timeout_of_its_own
