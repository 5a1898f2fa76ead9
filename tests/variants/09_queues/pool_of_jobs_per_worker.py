"""run_pool starts len(jobs) // workers tasks: right for 10 jobs on 3, wrong for 6 on 4."""

import asyncio

FAILS = {3}
BREAKS = "pool-workers-all-busy"


async def run_pool(jobs, handle, workers):
    queue = asyncio.Queue()
    results = [None] * len(jobs)
    for pair in enumerate(jobs):
        queue.put_nowait(pair)

    async def worker():
        while True:
            index, job = await queue.get()
            results[index] = await handle(job)
            queue.task_done()

    tasks = [asyncio.create_task(worker()) for _ in range(max(1, len(jobs) // workers))]
    await queue.join()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return results
