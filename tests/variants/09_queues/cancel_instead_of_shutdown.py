"""drain joins and cancels its workers instead of shutting the queue down (Python 3.13+)."""

import asyncio

FAILS = {5}
BREAKS = "drain-shuts-down-the-queue"


async def drain(jobs, handle, workers):
    queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    counts = [0] * workers

    async def worker(number):
        while True:
            job = await queue.get()
            await handle(job)
            counts[number] += 1
            queue.task_done()

    tasks = [asyncio.create_task(worker(n)) for n in range(workers)]
    await queue.join()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return counts
