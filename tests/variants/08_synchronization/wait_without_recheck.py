"""take waits once and takes without checking again: the shelf goes below zero."""

FAILS = {4}
BREAKS = "take-rechecks-never-below-zero"


async def take(shelf, condition, count):
    async with condition:
        if shelf.items < count:
            await condition.wait()
        shelf.items -= count
