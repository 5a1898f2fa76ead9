"""Mistake: fetch_with_retries waits backoff, twice, four times, then four times again: the
waits stop doubling, a cap the task does not give."""

import asyncio

FAILS = {5}
BREAKS = "retries-after-backoff"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(attempts):
        try:
            return await fetch_one(address, key)
        except FetchError:
            if attempt == attempts - 1:
                raise
        await asyncio.sleep(backoff * 2 ** min(attempt, 2))
    raise ValueError("attempts must be at least 1")
