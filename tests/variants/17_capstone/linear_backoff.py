"""fetch_with_retries waits backoff, 2 * backoff, 3 * backoff...: linear, not doubling."""

FAILS = {5}
BREAKS = "retries-after-backoff"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(attempts):
        try:
            return await fetch_one(address, key)
        except FetchError:
            if attempt == attempts - 1:
                raise
        await asyncio.sleep(backoff * (attempt + 1))
