"""Mistake: every Fetcher on a loop shares the slots of the first one made there, so two
fetchers open at once have one fetcher's limit between them."""

import asyncio

FAILS = {6, 7}  # 7 too: fetch_all's Fetcher leaves its slots in the module's global

_SLOTS_BY_LOOP = {}
_Base = Fetcher


class Fetcher(_Base):
    def __init__(self, address, *, limit, timeout, attempts=1, backoff=0.0):
        super().__init__(address, limit=limit, timeout=timeout, attempts=attempts, backoff=backoff)
        loop = asyncio.get_running_loop()
        self._slots = _SLOTS_BY_LOOP.setdefault(id(loop), self._slots)
