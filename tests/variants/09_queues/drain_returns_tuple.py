"""Mistake: drain returns a tuple of counts, not a list (Python 3.13+)."""

import asyncio

FAILS = {5}
BREAKS = "drain-returns-counts"


async def drain(jobs, handle, workers):
    queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    queue.shutdown()

    async def worker():
        count = 0
        while True:
            try:
                job = await queue.get()
            except asyncio.QueueShutDown:
                return count
            await handle(job)
            count += 1
            queue.task_done()

    return tuple(await asyncio.gather(*(worker() for _ in range(workers))))
