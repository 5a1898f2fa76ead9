"""Mistake: run_pool keeps its results in a dict of the module's, by index: two calls at the
same time write over each other's results."""

import asyncio

FAILS = {3}
BREAKS = "pool-results-in-job-order"

_results = {}


async def run_pool(jobs, handle, workers):
    queue = asyncio.Queue()
    for index, job in enumerate(jobs):
        queue.put_nowait((index, job))
    _results.clear()

    async def worker():
        while True:
            index, job = await queue.get()
            try:
                _results[index] = await handle(job)
            finally:
                queue.task_done()

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    try:
        await queue.join()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return [_results.get(index) for index in range(len(jobs))]
