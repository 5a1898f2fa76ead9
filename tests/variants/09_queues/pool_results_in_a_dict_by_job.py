"""Mistake: results kept in a dict keyed by job: a job listed twice gets one call's result twice."""

import asyncio

FAILS = {3}
BREAKS = "pool-results-in-job-order"


async def run_pool(jobs, handle, workers):
    queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    results = {}

    async def worker():
        while True:
            job = await queue.get()
            try:
                results[job] = await handle(job)
            finally:
                queue.task_done()

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    try:
        await queue.join()
    finally:
        for each in tasks:
            each.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return [results[job] for job in jobs]
