"""Mistake: put acquires the condition's lock, notifies, and never releases it."""

FAILS = {4}
BREAKS = "put-notifies-holding-the-lock"


async def put(shelf, condition, count):
    await condition.acquire()
    shelf.items += count
    condition.notify_all()
