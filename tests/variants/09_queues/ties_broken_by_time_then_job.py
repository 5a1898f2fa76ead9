"""Mistake: triage puts (priority, at, job) on the queue: equal priorities are ordered by the
arrival time, then by the job itself, so jobs arriving at the same instant come out in name
order, and jobs that cannot be compared raise TypeError."""

import asyncio

FAILS = {4}
BREAKS = "triage-equal-priority-fifo"


async def triage(arrivals, handle):
    loop = asyncio.get_running_loop()
    start = loop.time()
    queue = asyncio.PriorityQueue()
    handled = []

    async def work():
        while True:
            _, _, job = await queue.get()
            try:
                handled.append(await handle(job))
            finally:
                queue.task_done()

    worker = asyncio.create_task(work())
    try:
        for at, priority, job in arrivals:
            delay = start + at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            queue.put_nowait((priority, at, job))
        await queue.join()
    finally:
        worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)
    return handled
