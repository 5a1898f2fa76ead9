"""Mistake: sleep_concurrently awaits each sleep in turn, so ten sleeps of 1 s take 10 s."""

FAILS = {5}
BREAKS = "sleeps-all-at-once"


async def sleep_concurrently(count, seconds):
    for _ in range(count):
        await asyncio.sleep(seconds)
