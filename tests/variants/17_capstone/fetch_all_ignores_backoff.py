"""fetch_all gives its Fetcher a backoff of 0.01 s whatever `backoff` it is given."""

FAILS = {7}
BREAKS = "fetch-all-outcomes"


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    options = {"limit": limit, "timeout": timeout, "attempts": attempts, "backoff": 0.01}
    async with Fetcher(address, **options) as fetcher:
        return await asyncio.gather(*map(fetcher.submit, keys), return_exceptions=True)
