"""Mistake: enumerate from 0, so `count % every == 0` yields after item 1, every + 1, ...

It yields as often, but one item off: after the first item rather than after `every`.
"""

import asyncio

FAILS = {5}
BREAKS = "weight-yields-every-n"


async def total_weight(items, weigh, every):
    total = 0
    for count, item in enumerate(items):
        total += weigh(item)
        if count % every == 0:
            await asyncio.sleep(0)
    return total
