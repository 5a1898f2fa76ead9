"""run_pool's workers poll the queue with time.sleep: the event loop freezes."""

import asyncio
import time

FAILS = {3}
BREAKS = "pool-workers-all-busy"


async def run_pool(jobs, handle, workers):
    queue = asyncio.Queue()
    for index, job in enumerate(jobs):
        queue.put_nowait((index, job))
    results = [None] * len(jobs)
    remaining = len(jobs)

    async def worker():
        nonlocal remaining
        while remaining:
            if queue.empty():
                time.sleep(0.01)  # waits for a job, freezing every other task meanwhile
                await asyncio.sleep(0)
                continue
            index, job = queue.get_nowait()
            results[index] = await handle(job)
            remaining -= 1

    await asyncio.gather(*(worker() for _ in range(workers)))
    return results
