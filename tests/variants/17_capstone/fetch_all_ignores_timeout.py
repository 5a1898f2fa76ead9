"""fetch_all gives its Fetcher a timeout of 0.1 s whatever `timeout` it is given."""

FAILS = {7}
BREAKS = "fetch-all-outcomes"


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    options = {"limit": limit, "timeout": 0.1, "attempts": attempts, "backoff": backoff}
    async with Fetcher(address, **options) as fetcher:
        return await asyncio.gather(*map(fetcher.submit, keys), return_exceptions=True)
