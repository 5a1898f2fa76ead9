"""Mistake: queue.shutdown() is called before the jobs are put (Python 3.13+).

put_nowait on a shut-down queue raises QueueShutDown: drain raises instead of draining.
"""

import asyncio

FAILS = {5}
BREAKS = "drain-shuts-down-the-queue"


async def drain(jobs, handle, workers):
    queue = asyncio.Queue()
    queue.shutdown()
    for job in jobs:
        queue.put_nowait(job)

    async def worker():
        count = 0
        while True:
            try:
                job = await queue.get()
            except asyncio.QueueShutDown:
                return count
            await handle(job)
            count += 1

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(worker()) for _ in range(workers)]
    return [task.result() for task in tasks]
