"""fetch_all does the work itself (a semaphore, a timeout, retries) instead of using a Fetcher."""

FAILS = {7}
BREAKS = "fetch-all-uses-a-fetcher"


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    slots = asyncio.Semaphore(limit)

    async def one(key):
        async with slots, asyncio.timeout(timeout):
            return await fetch_with_retries(address, key, attempts, backoff)

    return await asyncio.gather(*(one(key) for key in keys), return_exceptions=True)
