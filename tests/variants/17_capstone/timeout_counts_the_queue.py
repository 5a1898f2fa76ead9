"""Fetcher starts the timeout before waiting for a slot, so keys time out while queued."""

FAILS = {6, 7}


async def _fetch_queued(self, key):
    async with asyncio.timeout(self.timeout), self._slots:
        return await fetch_with_retries(self.address, key, self.attempts, self.backoff)


Fetcher._fetch = _fetch_queued
