"""Mistake: sleep_concurrently uses asyncio.wait, which raises ValueError when count is 0."""

import asyncio

FAILS = {5}
BREAKS = "sleeps-all-at-once"


async def sleep_concurrently(count, seconds):
    await asyncio.wait([asyncio.create_task(asyncio.sleep(seconds)) for _ in range(count)])
