"""fetch_with_retries gives up with a FetchError of its own, not the last attempt's."""

import asyncio

FAILS = {5}
BREAKS = "retries-raise-the-last-error"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(attempts):
        try:
            return await fetch_one(address, key)
        except FetchError:
            if attempt < attempts - 1:
                await asyncio.sleep(backoff * 2**attempt)
    raise FetchError(f"{key}: gave up after {attempts} attempts")
