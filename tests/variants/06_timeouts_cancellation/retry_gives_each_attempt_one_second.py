"""Mistake: fetch_with_retries gives every attempt 1 s, the example's value, not ``seconds``."""

import asyncio

FAILS = {2}
BREAKS = "retries-fresh-timeout-each-attempt"


async def fetch_with_retries(fetch, seconds, attempts):
    for _attempt in range(attempts):
        try:
            return await asyncio.wait_for(fetch(), 1.0)
        except TimeoutError:
            continue
    raise TimeoutError
