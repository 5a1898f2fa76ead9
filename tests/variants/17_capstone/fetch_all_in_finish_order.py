"""fetch_all collects the outcomes in the order the fetches end (as_completed)."""

FAILS = {7}
BREAKS = "fetch-all-outcomes"


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    async with Fetcher(
        address, limit=limit, timeout=timeout, attempts=attempts, backoff=backoff
    ) as fetcher:
        outcomes = []
        for next_done in asyncio.as_completed([fetcher.submit(key) for key in keys]):
            try:
                outcomes.append(await next_done)
            except Exception as error:
                outcomes.append(error)
        return outcomes
