"""fetch_with_retries returns None when every attempt failed, instead of raising."""

FAILS = {5}
BREAKS = "retries-raise-the-last-error"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(attempts):
        try:
            return await fetch_one(address, key)
        except FetchError:
            if attempt < attempts - 1:
                await asyncio.sleep(backoff * 2**attempt)
    return None
