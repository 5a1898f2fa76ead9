"""Mistake: fetch_with_retries always makes 3 attempts, the example's value, not ``attempts``."""

import asyncio

FAILS = {2}
BREAKS = "retries-up-to-attempts-then-timeout-error"


async def fetch_with_retries(fetch, seconds, attempts):
    for _attempt in range(3):
        try:
            return await asyncio.wait_for(fetch(), seconds)
        except TimeoutError:
            continue
    raise TimeoutError
