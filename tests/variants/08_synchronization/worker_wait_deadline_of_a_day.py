"""Mistake: worker waits on ready for a day at most (wait_for, 86400 s), then returns None: a
deadline the statement does not set, however long."""

FAILS = {2}
BREAKS = "worker-waits-for-the-event"


async def worker(name, ready, handle):
    try:
        await asyncio.wait_for(ready.wait(), 86400)
    except TimeoutError:
        return None
    return await handle(name)
