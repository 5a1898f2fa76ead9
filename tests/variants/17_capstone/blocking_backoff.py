"""fetch_with_retries waits with time.sleep, which freezes the event loop."""

import time

FAILS = {5}
BREAKS = "retries-after-backoff"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(attempts):
        try:
            return await fetch_one(address, key)
        except FetchError:
            if attempt == attempts - 1:
                raise
        time.sleep(backoff * 2**attempt)
