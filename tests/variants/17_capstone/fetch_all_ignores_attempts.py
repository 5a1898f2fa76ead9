"""fetch_all gives its Fetcher 3 attempts whatever `attempts` it is given."""

FAILS = {7}
BREAKS = "fetch-all-outcomes"


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    options = {"limit": limit, "timeout": timeout, "attempts": 3, "backoff": backoff}
    async with Fetcher(address, **options) as fetcher:
        return await asyncio.gather(*map(fetcher.submit, keys), return_exceptions=True)
