"""fetch_all gives its Fetcher no timeout at all (None): a silent key is waited for ever."""

import asyncio

FAILS = {7}
BREAKS = "fetch-all-outcomes"


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    async with Fetcher(
        address, limit=limit, timeout=None, attempts=attempts, backoff=backoff
    ) as fetcher:
        fetches = [fetcher.submit(key) for key in keys]
        return await asyncio.gather(*fetches, return_exceptions=True)
