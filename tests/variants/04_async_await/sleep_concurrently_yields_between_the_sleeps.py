"""Mistake: sleep_concurrently makes one sleep of seconds, then yields with sleep(0) for the
other sleeps: it takes the right time but does not sleep count times."""

FAILS = {5}
BREAKS = "sleeps-count-times"


async def sleep_concurrently(count, seconds):
    if count:
        waiting = asyncio.create_task(asyncio.sleep(seconds))
        for _ in range(count - 1):
            await asyncio.sleep(0)
        await waiting
