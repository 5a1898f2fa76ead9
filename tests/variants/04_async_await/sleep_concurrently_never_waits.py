"""Mistake: sleep_concurrently starts the sleeps as tasks and returns without awaiting them."""

FAILS = {5}
BREAKS = "sleeps-all-at-once"


async def sleep_concurrently(count, seconds):
    for _ in range(count):
        asyncio.create_task(asyncio.sleep(seconds))
