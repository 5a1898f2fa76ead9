"""drain calls queue.shutdown(immediate=True): the waiting jobs are dropped (Python 3.13+)."""

import asyncio

FAILS = {5}
BREAKS = "drain-keeps-waiting-jobs"


async def drain(jobs, handle, workers):
    queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    queue.shutdown(immediate=True)

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
