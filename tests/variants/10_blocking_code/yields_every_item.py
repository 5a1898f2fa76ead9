"""total_weight gives the loop a turn after every single item, not every `every` items."""

FAILS = {5}
BREAKS = "weight-not-every-item"


async def total_weight(items, weigh, every):
    total = 0
    for item in items:
        total += weigh(item)
        await asyncio.sleep(0)
    return total
