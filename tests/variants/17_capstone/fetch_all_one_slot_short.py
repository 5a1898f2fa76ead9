"""fetch_all opens its Fetcher with limit - 1 slots (at least one): one request short of the cap."""

FAILS = {7}
BREAKS = "fetch-all-cap"


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    async with Fetcher(
        address, limit=max(1, limit - 1), timeout=timeout, attempts=attempts, backoff=backoff
    ) as fetcher:
        fetches = [fetcher.submit(key) for key in keys]
        return await asyncio.gather(*fetches, return_exceptions=True)
