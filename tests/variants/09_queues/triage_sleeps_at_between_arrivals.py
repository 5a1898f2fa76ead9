"""Mistake: sleeps `at` seconds before each instant, as if `at` were the gap since the last one.

Jobs arrive later and later: at 1 s and 2 s become 1 s and 3 s.
"""

import asyncio
import itertools

FAILS = {4}
BREAKS = "triage-only-arrived-jobs"


async def triage(arrivals, handle):
    queue = asyncio.PriorityQueue()
    order = itertools.count()
    handled = []

    async def arrive():
        for at, together in itertools.groupby(arrivals, key=lambda arrival: arrival[0]):
            await asyncio.sleep(at)
            for _at, priority, job in together:
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
