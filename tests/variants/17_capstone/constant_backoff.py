"""fetch_with_retries waits the same backoff every time instead of doubling it."""

FAILS = {5}
BREAKS = "retries-after-backoff"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(attempts):
        try:
            return await fetch_one(address, key)
        except FetchError:
            if attempt == attempts - 1:
                raise
        await asyncio.sleep(backoff)
