"""Fetcher forgets the cap: every submitted key is fetched at once."""

FAILS = {6, 7}


async def _fetch_uncapped(self, key):
    async with asyncio.timeout(self.timeout):
        return await fetch_with_retries(self.address, key, self.attempts, self.backoff)


Fetcher._fetch = _fetch_uncapped
