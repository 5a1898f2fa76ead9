"""put wakes only one waiting taker (notify instead of notify_all)."""

FAILS = {4}
BREAKS = "put-adds-and-wakes-every-taker"


async def put(shelf, condition, count):
    async with condition:
        shelf.items += count
        condition.notify()
