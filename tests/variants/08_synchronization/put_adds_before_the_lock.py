"""Mistake: put adds the items first, and takes the condition only to notify.

The statement says both hold the condition while they look at or change the shelf.
"""

FAILS = {4}
BREAKS = "put-notifies-holding-the-lock"


async def put(shelf, condition, count):
    shelf.items += count
    async with condition:
        condition.notify_all()
