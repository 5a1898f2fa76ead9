"""Mistake: the total starts at 0.0, so a sum of ints comes back as a float."""

FAILS = {5}
BREAKS = "weight-sum"


async def total_weight(items, weigh, every):
    total = 0.0
    for count, item in enumerate(items, start=1):
        total += weigh(item)
        if count % every == 0:
            await asyncio.sleep(0)
    return total
