"""Mistake: fetch_with_retries retries a ConnectionError as well as a timeout."""

import asyncio

FAILS = {2}
BREAKS = "retries-only-timeouts"


async def fetch_with_retries(fetch, seconds, attempts):
    for attempt in range(1, attempts + 1):
        try:
            return await asyncio.wait_for(fetch(), seconds)
        except (TimeoutError, ConnectionError):
            if attempt == attempts:
                raise
    raise TimeoutError
