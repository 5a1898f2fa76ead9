"""fetch_all gathers without return_exceptions: the first failed key's error ends the call."""

FAILS = {7}
BREAKS = "fetch-all-outcomes"


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    async with Fetcher(
        address, limit=limit, timeout=timeout, attempts=attempts, backoff=backoff
    ) as fetcher:
        return await asyncio.gather(*(fetcher.submit(key) for key in keys))
