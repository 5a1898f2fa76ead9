"""Fetcher gives each attempt a timeout of its own instead of one for all its retries."""

FAILS = {6}
BREAKS = "fetcher-one-timeout"


async def _fetch_timeout_per_attempt(self, key):
    async with self._slots:
        for attempt in range(self.attempts):
            try:
                async with asyncio.timeout(self.timeout):
                    return await fetch_one(self.address, key)
            except FetchError:
                if attempt == self.attempts - 1:
                    raise
            await asyncio.sleep(self.backoff * 2**attempt)


Fetcher._fetch = _fetch_timeout_per_attempt
