"""fetch_with_retries waits 0.04 s, then 0.08 s...: a backoff of its own, not the one given."""

FAILS = {5}
BREAKS = "retries-after-backoff"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(attempts):
        try:
            return await fetch_one(address, key)
        except FetchError:
            if attempt == attempts - 1:
                raise
        await asyncio.sleep(0.04 * 2**attempt)
