"""Mistake: take waits at most 60 s for enough items (wait_for), then raises TimeoutError."""

FAILS = {4}
BREAKS = "take-waits-then-removes"


async def take(shelf, condition, count):
    async with condition:
        await asyncio.wait_for(condition.wait_for(lambda: shelf.items >= count), 60)
        shelf.items -= count
