"""Mistake: triage pops each arrival off the caller's list, which it leaves empty."""

import asyncio
import itertools

FAILS = {4}
BREAKS = "triage-leaves-arrivals"


async def triage(arrivals, handle):
    queue = asyncio.PriorityQueue()
    results = []
    loop = asyncio.get_running_loop()
    start = loop.time()
    numbers = itertools.count()

    async def work():
        while True:
            _prio, _number, job = await queue.get()
            try:
                results.append(await handle(job))
            finally:
                queue.task_done()

    worker = asyncio.create_task(work())
    try:
        while arrivals:
            at, priority, job = arrivals.pop(0)
            delay = start + at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            queue.put_nowait((priority, next(numbers), job))
        await queue.join()
    finally:
        worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)
    return results
