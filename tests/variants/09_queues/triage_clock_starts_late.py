"""Mistake: triage sleeps 0.4 s "to let the worker settle in" before it starts its clock, so
every job arrives 0.4 s late."""

import asyncio

FAILS = {4}
BREAKS = "triage-loop-clock"


async def triage(arrivals, handle):
    loop = asyncio.get_running_loop()
    queue = asyncio.PriorityQueue()
    results = []

    async def worker():
        while True:
            _priority, _number, job = await queue.get()
            try:
                results.append(await handle(job))
            finally:
                queue.task_done()

    task = asyncio.create_task(worker())
    try:
        await asyncio.sleep(0.4)  # let the worker settle in before the clock starts
        start = loop.time()
        for number, (at, priority, job) in enumerate(arrivals):
            delay = start + at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            queue.put_nowait((priority, number, job))
        await queue.join()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    return results
