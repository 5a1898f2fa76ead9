"""Mistake: sleep_concurrently starts count - 1 sleeps (range(1, count)), one too few."""

FAILS = {5}
BREAKS = "sleeps-count-times"


async def sleep_concurrently(count, seconds):
    await asyncio.gather(*(asyncio.sleep(seconds) for _ in range(1, count)))
