"""Mistake: each worker is awaited before the next starts: the first one takes every job."""

import asyncio

FAILS = {5}
BREAKS = "drain-workers-share-the-jobs"


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

    return [await worker() for _ in range(workers)]
