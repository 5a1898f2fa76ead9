"""Mistake: run_pool pops the jobs off the caller's list to queue them, leaving it empty."""

import asyncio

FAILS = {3}
BREAKS = "pool-leaves-jobs"


async def run_pool(jobs, handle, workers):
    queue = asyncio.Queue()
    results = [None] * len(jobs)
    index = 0
    while jobs:
        queue.put_nowait((index, jobs.pop(0)))
        index += 1

    async def work():
        while True:
            at, job = await queue.get()
            try:
                results[at] = await handle(job)
            finally:
                queue.task_done()

    tasks = [asyncio.create_task(work()) for _ in range(workers)]
    await queue.join()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return results
