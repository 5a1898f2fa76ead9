"""Mistake: run_pool always starts three workers, the number in the statement's example."""

import asyncio

FAILS = {3}
BREAKS = "pool-at-most-workers"


async def run_pool(jobs, handle, workers):
    queue = asyncio.Queue()
    results = [None] * len(jobs)
    for pair in enumerate(jobs):
        queue.put_nowait(pair)

    async def work():
        while True:
            index, job = await queue.get()
            try:
                results[index] = await handle(job)
            finally:
                queue.task_done()

    tasks = [asyncio.create_task(work()) for _ in range(3)]
    await queue.join()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return results
