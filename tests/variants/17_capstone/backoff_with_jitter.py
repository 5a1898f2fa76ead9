"""fetch_with_retries stretches each wait by a random factor between 1 and 1.3 (jitter)."""

import random

FAILS = {5}
BREAKS = "retries-after-backoff"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(attempts):
        try:
            return await fetch_one(address, key)
        except FetchError:
            if attempt == attempts - 1:
                raise
        await asyncio.sleep(backoff * 2**attempt * random.uniform(1.0, 1.3))
