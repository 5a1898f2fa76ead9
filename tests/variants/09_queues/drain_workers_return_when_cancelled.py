"""Mistake: drain's workers end on a CancelledError as they end on QueueShutDown: they return
their counts, so the tasks the group cancelled say they finished."""

import asyncio

FAILS = {5}
BREAKS = "cancelled"


async def drain(jobs, handle, workers):
    queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    queue.shutdown()

    async def worker():
        count = 0
        try:
            while True:
                try:
                    job = await queue.get()
                except asyncio.QueueShutDown:
                    return count
                await handle(job)
                count += 1
        except asyncio.CancelledError:
            return count

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(worker()) for _ in range(workers)]
    return [task.result() for task in tasks]
