"""Mistake: every Fetcher keeps its tasks in one set the module holds, so closing one fetcher
cancels the fetches of another that is still open."""

FAILS = {6}
BREAKS = "fetcher-aclose-cancels-and-waits"

_ALL_TASKS = set()
_Base = Fetcher


class Fetcher(_Base):
    def __init__(self, address, *, limit, timeout, attempts=1, backoff=0.0):
        super().__init__(address, limit=limit, timeout=timeout, attempts=attempts, backoff=backoff)
        self._tasks = _ALL_TASKS
