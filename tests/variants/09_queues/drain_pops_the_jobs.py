"""Mistake: drain pops the jobs off the caller's list to queue them, leaving it empty (3.13+)."""

import asyncio

FAILS = {5}
BREAKS = "drain-leaves-jobs"


async def drain(jobs, handle, workers):
    queue = asyncio.Queue()
    while jobs:
        queue.put_nowait(jobs.pop(0))
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

    return list(await asyncio.gather(*(worker() for _ in range(workers))))
