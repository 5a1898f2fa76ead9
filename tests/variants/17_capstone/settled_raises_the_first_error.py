"""fetch_settled gathers without return_exceptions, so the first failure is raised."""

FAILS = {4, 7}


async def fetch_settled(address, keys, timeout):
    async def within(key):
        async with asyncio.timeout(timeout):
            return await fetch_one(address, key)

    return await asyncio.gather(*(within(key) for key in keys))


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    async with Fetcher(
        address, limit=limit, timeout=timeout, attempts=attempts, backoff=backoff
    ) as fetcher:
        return await asyncio.gather(*(fetcher.submit(key) for key in keys))
