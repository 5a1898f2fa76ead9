"""Mistake: drain awaits queue.join() after shutdown(), but no worker calls task_done().

join() waits for every item to be marked done, which never happens: drain never returns.
"""

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

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    await queue.join()
    return [await task for task in tasks]
