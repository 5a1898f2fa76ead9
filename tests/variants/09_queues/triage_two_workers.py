"""Mistake: two workers take from the priority queue, so two jobs are handled at once."""

import asyncio
import itertools

FAILS = {4}
BREAKS = "triage-one-at-a-time"


async def triage(arrivals, handle):
    queue = asyncio.PriorityQueue()
    order = itertools.count()
    handled = []
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def arrive():
        for at, together in itertools.groupby(arrivals, key=lambda arrival: arrival[0]):
            await asyncio.sleep(max(0.0, start + at - loop.time()))
            for _at, priority, job in together:
                queue.put_nowait((priority, next(order), job))

    async def worker():
        while True:
            _, _, job = await queue.get()
            try:
                handled.append(await handle(job))
            finally:
                queue.task_done()

    helpers = [asyncio.create_task(worker()) for _ in range(2)]
    try:
        await arrive()
        await queue.join()
    finally:
        for helper in helpers:
            helper.cancel()
        await asyncio.gather(*helpers, return_exceptions=True)
    return handled
