"""fetch_all waits for each fetch with wait_for(timeout) from submit: queued keys time out."""

FAILS = {7}
BREAKS = "fetch-all-queued-keys-wait-in-time"


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    async with Fetcher(
        address, limit=limit, timeout=timeout, attempts=attempts, backoff=backoff
    ) as fetcher:
        fetches = [asyncio.wait_for(fetcher.submit(key), timeout) for key in keys]
        return await asyncio.gather(*fetches, return_exceptions=True)
