"""fetch_with_retries tries again at once, without waiting."""

FAILS = {5}
BREAKS = "retries-after-backoff"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(attempts):
        try:
            return await fetch_one(address, key)
        except FetchError:
            if attempt == attempts - 1:
                raise
