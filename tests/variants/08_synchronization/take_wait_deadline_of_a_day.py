"""Mistake: take waits a day at most for enough items (wait_for, 86400 s): a deadline the
statement does not set, however long."""

FAILS = {4}
BREAKS = "take-waits-then-removes"


async def take(shelf, condition, count):
    async with condition:
        await asyncio.wait_for(condition.wait_for(lambda: shelf.items >= count), 86400)
        shelf.items -= count
