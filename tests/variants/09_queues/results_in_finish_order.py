"""run_pool appends each result as it finishes, so the order of jobs is lost."""

import asyncio

FAILS = {3}
BREAKS = "pool-results-in-job-order"


async def run_pool(jobs, handle, workers):
    queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    results = []

    async def worker():
        while True:
            job = await queue.get()
            results.append(await handle(job))
            queue.task_done()

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    await queue.join()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return results
