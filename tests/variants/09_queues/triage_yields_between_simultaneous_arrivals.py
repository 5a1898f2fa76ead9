"""Mistake: the feeder yields to the loop between two jobs arriving at the same instant.

The worker, free and waiting, takes the first one put (the less urgent) before the second,
more urgent one is on the queue, though both had arrived.
"""

import asyncio
import itertools

FAILS = {4}
BREAKS = "triage-simultaneous-arrivals"


async def triage(arrivals, handle):
    queue = asyncio.PriorityQueue()
    order = itertools.count()
    handled = []
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def arrive():
        for at, priority, job in arrivals:
            await asyncio.sleep(max(0.0, start + at - loop.time()))
            queue.put_nowait((priority, next(order), job))

    async def worker():
        while True:
            _, _, job = await queue.get()
            try:
                handled.append(await handle(job))
            finally:
                queue.task_done()

    helper = asyncio.create_task(worker())
    try:
        await arrive()
        await queue.join()
    finally:
        helper.cancel()
        await asyncio.gather(helper, return_exceptions=True)
    return handled
