"""Mistake: sleep_concurrently never makes more than ten sleeps, the statement's example size."""

import asyncio

FAILS = {5}
BREAKS = "sleeps-count-times"


async def sleep_concurrently(count, seconds):
    await asyncio.gather(*(asyncio.sleep(seconds) for _ in range(min(count, 10))))
