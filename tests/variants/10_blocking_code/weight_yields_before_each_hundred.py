"""Correct: it yields before items 0, every, 2 * every, ...: a turn before the first item, then
one after each `every` items (the heartbeat missed the later turns and said it never beat)."""

import asyncio

FAILS = set()


async def total_weight(items, weigh, every):
    total = 0
    for index, item in enumerate(items):
        if index % every == 0:
            await asyncio.sleep(0)
        total += weigh(item)
    return total
