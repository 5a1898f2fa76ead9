"""Mistake: take acquires and releases the condition's lock by hand, with no finally: cancelled
while it waits, it keeps the lock, and every later put waits for ever."""

FAILS = {4}
BREAKS = "take-waits-then-removes"


async def take(shelf, condition, count):
    await condition.acquire()
    await condition.wait_for(lambda: shelf.items >= count)
    shelf.items -= count
    condition.release()
