"""Mistake: run_pool returns a tuple of results, not a list."""

import asyncio

FAILS = {3}
BREAKS = "pool-results-in-job-order"


async def run_pool(jobs, handle, workers):
    queue = asyncio.Queue()
    for index, job in enumerate(jobs):
        queue.put_nowait((index, job))
    results = [None] * len(jobs)

    async def worker():
        while True:
            index, job = await queue.get()
            try:
                results[index] = await handle(job)
            finally:
                queue.task_done()

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    try:
        await queue.join()
    finally:
        for each in tasks:
            each.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return tuple(results)
