"""Mistake: take leaves the condition's block before removing its items.

The statement says both hold the condition while they look at or change the shelf.
"""

FAILS = {4}
BREAKS = "take-waits-then-removes"


async def take(shelf, condition, count):
    async with condition:
        await condition.wait_for(lambda: shelf.items >= count)
    shelf.items -= count
