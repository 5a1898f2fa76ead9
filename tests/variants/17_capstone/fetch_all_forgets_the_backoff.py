"""fetch_all does not pass backoff on to the Fetcher: flaky keys are retried at once."""

FAILS = {7}
BREAKS = "fetch-all-outcomes"


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    async with Fetcher(address, limit=limit, timeout=timeout, attempts=attempts) as fetcher:
        return await asyncio.gather(*map(fetcher.submit, keys), return_exceptions=True)
