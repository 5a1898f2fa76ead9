"""Mistake: with no arrivals it returns None instead of an empty list."""

import asyncio
import itertools

FAILS = {4}
BREAKS = "triage-results-in-handled-order"


async def triage(arrivals, handle):
    if not arrivals:
        return None
    queue = asyncio.PriorityQueue()
    numbers = itertools.count()
    results = []
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def worker():
        while True:
            _priority, _number, job = await queue.get()
            try:
                results.append(await handle(job))
            finally:
                queue.task_done()

    task = asyncio.create_task(worker())
    try:
        for at, priority, job in arrivals:
            if (delay := start + at - loop.time()) > 0:
                await asyncio.sleep(delay)
            queue.put_nowait((priority, next(numbers), job))
        await queue.join()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    return results
