"""Mistake: an off-by-one makes attempts + 1 tries before giving up."""

import asyncio

FAILS = {2}
BREAKS = "retries-up-to-attempts-then-timeout-error"


async def fetch_with_retries(fetch, seconds, attempts):
    tries = 0
    while True:
        try:
            return await asyncio.wait_for(fetch(), seconds)
        except TimeoutError:
            if tries == attempts:
                raise
            tries += 1
