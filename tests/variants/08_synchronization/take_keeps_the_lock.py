"""Mistake: take acquires the condition's lock and never releases it when there is enough."""

FAILS = {4}
BREAKS = "take-waits-then-removes"


async def take(shelf, condition, count):
    await condition.acquire()
    await condition.wait_for(lambda: shelf.items >= count)
    shelf.items -= count
