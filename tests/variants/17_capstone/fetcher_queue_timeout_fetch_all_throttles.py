"""Fetcher times keys from submit; fetch_all hides it, submitting a key only when a slot is free."""

FAILS = {6}
BREAKS = "fetcher-timeout-from-slot"


async def _fetch_queued(self, key):
    async with asyncio.timeout(self.timeout), self._slots:
        return await fetch_with_retries(self.address, key, self.attempts, self.backoff)


Fetcher._fetch = _fetch_queued


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    turns = asyncio.Semaphore(limit)
    async with Fetcher(
        address, limit=limit, timeout=timeout, attempts=attempts, backoff=backoff
    ) as fetcher:

        async def in_turn(key):
            async with turns:
                return await fetcher.submit(key)

        return await asyncio.gather(*(in_turn(key) for key in keys), return_exceptions=True)
