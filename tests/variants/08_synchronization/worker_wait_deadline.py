"""Mistake: worker waits on ready for at most 60 s, then returns None."""

FAILS = {2}
BREAKS = "worker-waits-for-the-event"


async def worker(name, ready, handle):
    try:
        await asyncio.wait_for(ready.wait(), 60)
    except TimeoutError:
        return None
    return await handle(name)
