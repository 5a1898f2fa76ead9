"""fetch_with_retries gives each attempt asyncio.timeout(30), a deadline the statement does
not set: a server slower than that ends in TimeoutError, which is not even retried."""

FAILS = {5}
BREAKS = "retries-at-most-attempts"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(attempts):
        try:
            async with asyncio.timeout(30):
                return await fetch_one(address, key)
        except FetchError:
            if attempt == attempts - 1:
                raise
        await asyncio.sleep(backoff * 2**attempt)
