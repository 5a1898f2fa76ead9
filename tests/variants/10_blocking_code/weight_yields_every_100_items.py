"""Mistake: total_weight yields once every 100 items, whatever `every` is given."""

import asyncio

FAILS = {5}
BREAKS = "weight-yields-every-n"


async def total_weight(items, weigh, every):
    total = 0
    for count, item in enumerate(items, 1):
        total += weigh(item)
        if count % 100 == 0:
            await asyncio.sleep(0)
    return total
