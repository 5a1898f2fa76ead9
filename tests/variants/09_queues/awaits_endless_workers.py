"""run_pool awaits its workers, which loop forever on get(): it never returns."""

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
            results[index] = await handle(job)
            queue.task_done()

    await asyncio.gather(*(worker() for _ in range(workers)))
    return results
