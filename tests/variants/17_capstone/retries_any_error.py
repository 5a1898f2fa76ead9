"""fetch_with_retries retries on any exception, a refused connection too, not only FetchError."""

FAILS = {5}
BREAKS = "retries-only-fetch-errors"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(attempts):
        try:
            return await fetch_one(address, key)
        except Exception:
            if attempt == attempts - 1:
                raise
        await asyncio.sleep(backoff * 2**attempt)
