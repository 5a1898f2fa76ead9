"""Mistake: total_weight yields with asyncio.sleep(0.001) instead of sleep(0), so the sum waits
1 ms on the clock each time it lets the other tasks run."""

import asyncio

FAILS = {5}
BREAKS = "weight-yields-every-n"


async def total_weight(items, weigh, every):
    total = 0
    for count, item in enumerate(items, 1):
        total += weigh(item)
        if count % every == 0:
            await asyncio.sleep(0.001)
    return total
