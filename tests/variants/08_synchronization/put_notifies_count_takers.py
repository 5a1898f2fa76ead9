"""Mistake: put wakes `count` takers (notify(count)), maybe one wanting more, not one that fits."""

FAILS = {4}
BREAKS = "put-adds-and-wakes-every-taker"


async def put(shelf, condition, count):
    async with condition:
        shelf.items += count
        condition.notify(count)
