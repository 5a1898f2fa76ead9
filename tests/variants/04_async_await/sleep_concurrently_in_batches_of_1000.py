"""Mistake: sleep_concurrently sleeps in batches of 1000, all at once only up to 1000 sleeps."""

import asyncio

FAILS = {5}
BREAKS = "sleeps-all-at-once"


async def sleep_concurrently(count, seconds):
    for start in range(0, count, 1000):
        await asyncio.gather(*(asyncio.sleep(seconds) for _ in range(min(1000, count - start))))
