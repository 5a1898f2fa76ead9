"""put notifies without holding the condition's lock: RuntimeError."""

FAILS = {4}
BREAKS = "put-notifies-holding-the-lock"


async def put(shelf, condition, count):
    shelf.items += count
    condition.notify_all()
