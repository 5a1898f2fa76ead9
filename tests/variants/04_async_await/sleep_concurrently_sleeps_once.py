"""Mistake: sleep_concurrently sleeps once, which takes the right time but is not count sleeps."""

FAILS = {5}
BREAKS = "sleeps-count-times"


async def sleep_concurrently(count, seconds):
    if count:
        await asyncio.sleep(seconds)
