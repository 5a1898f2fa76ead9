"""Mistake: a queue bounded to `workers`, filled with await put() before any worker starts.

The fourth put waits for room that only a worker could make: run_pool never returns.
"""

import asyncio

FAILS = {3}
BREAKS = "pool-workers-all-busy"


async def run_pool(jobs, handle, workers):
    queue = asyncio.Queue(maxsize=workers)
    for index, job in enumerate(jobs):
        await queue.put((index, job))
    results = [None] * len(jobs)

    async def worker():
        while True:
            index, job = await queue.get()
            try:
                results[index] = await handle(job)
            finally:
                queue.task_done()

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    await queue.join()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return results
