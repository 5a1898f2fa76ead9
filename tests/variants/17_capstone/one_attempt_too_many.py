"""fetch_with_retries makes `attempts` retries after the first try: one attempt too many."""

FAILS = {5}
BREAKS = "retries-at-most-attempts"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(attempts + 1):
        try:
            return await fetch_one(address, key)
        except FetchError:
            if attempt == attempts:
                raise
        await asyncio.sleep(backoff * 2**attempt)
