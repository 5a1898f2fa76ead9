"""put wakes only one waiting taker (notify instead of notify_all)."""

FAILS = {4}


async def put(shelf, condition, count):
    async with condition:
        shelf.items += count
        condition.notify()
