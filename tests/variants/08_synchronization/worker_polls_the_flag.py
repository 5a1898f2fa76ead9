"""Mistake: the worker polls ready.is_set() every 0.1 s instead of awaiting ready.wait().

Each worker starts up to 0.1 s after the event is set, not at once.
"""

import asyncio

FAILS = {2}
BREAKS = "worker-waits-for-the-event"


async def worker(name, ready, handle):
    while not ready.is_set():
        await asyncio.sleep(0.1)
    return await handle(name)
