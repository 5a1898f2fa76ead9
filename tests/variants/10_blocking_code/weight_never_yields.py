"""Mistake: total_weight never yields: the loop is kept busy for the whole sum."""

FAILS = {5}
BREAKS = "weight-yields-every-n"


async def total_weight(items, weigh, every):
    return sum(weigh(item) for item in items)
