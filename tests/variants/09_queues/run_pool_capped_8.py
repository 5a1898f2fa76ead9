"""Mistake: run_pool starts at most 8 workers, min(workers, 8), whatever it is asked for."""

FAILS = {3}
BREAKS = "pool-workers-all-busy"


async def run_pool(jobs, handle, workers):
    queue = asyncio.Queue()
    results = [None] * len(jobs)
    for pair in enumerate(jobs):
        queue.put_nowait(pair)

    async def work():
        while True:
            i, job = await queue.get()
            try:
                results[i] = await handle(job)
            finally:
                queue.task_done()

    tasks = [asyncio.create_task(work()) for _ in range(min(workers, 8))]
    await queue.join()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return results
