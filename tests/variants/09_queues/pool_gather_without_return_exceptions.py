"""Mistake: the cancelled workers are awaited with a plain gather.

gather raises the first worker's CancelledError, so run_pool ends cancelled instead of
returning its results.
"""

import asyncio

FAILS = {3}
BREAKS = "pool-stops-workers"


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
    await queue.join()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks)
    return results
