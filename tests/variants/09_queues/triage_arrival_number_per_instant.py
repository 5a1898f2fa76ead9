"""Mistake: the arrival number restarts at 0 for each instant (enumerate per group).

A job arriving later with a lower number in its own group beats an earlier job of the
same priority still waiting.
"""

import asyncio
import itertools

FAILS = {4}
BREAKS = "triage-equal-priority-fifo"


async def triage(arrivals, handle):
    queue = asyncio.PriorityQueue()
    handled = []
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def arrive():
        for at, together in itertools.groupby(arrivals, key=lambda arrival: arrival[0]):
            await asyncio.sleep(max(0.0, start + at - loop.time()))
            for number, (_at, priority, job) in enumerate(together):
                queue.put_nowait((priority, number, job))

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
