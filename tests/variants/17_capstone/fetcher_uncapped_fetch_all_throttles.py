"""Fetcher forgets its cap; fetch_all hides it, submitting a key only when its own slot is free."""

FAILS = {6}
BREAKS = "fetcher-caps-slots"


async def _fetch_uncapped(self, key):
    async with asyncio.timeout(self.timeout):
        return await fetch_with_retries(self.address, key, self.attempts, self.backoff)


Fetcher._fetch = _fetch_uncapped


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    turns = asyncio.Semaphore(limit)
    async with Fetcher(
        address, limit=limit, timeout=timeout, attempts=attempts, backoff=backoff
    ) as fetcher:

        async def in_turn(key):
            async with turns:
                return await fetcher.submit(key)

        return await asyncio.gather(*(in_turn(key) for key in keys), return_exceptions=True)
