"""fetch_with_retries counts attempts from 1: range(1, attempts) makes one attempt too few."""

FAILS = {5}
BREAKS = "retries-at-most-attempts"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(1, attempts):
        try:
            return await fetch_one(address, key)
        except FetchError:
            if attempt == attempts - 1:
                raise
        await asyncio.sleep(backoff * 2 ** (attempt - 1))
    raise FetchError(f"{key}: no attempt left")
