"""Mistake: take sets the shelf to 0 instead of removing count items.

With exactly count items on the shelf it looks right; with more, the rest vanish.
"""

FAILS = {4}
BREAKS = "take-waits-then-removes"


async def take(shelf, condition, count):
    async with condition:
        await condition.wait_for(lambda: shelf.items >= count)
        shelf.items = 0
