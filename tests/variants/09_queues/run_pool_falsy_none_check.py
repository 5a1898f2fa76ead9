"""Mistake: run_pool turns a falsy result of handle ('' or 0 or []) into None."""

FAILS = {3}
BREAKS = "pool-results-in-job-order"


async def run_pool(jobs, handle, workers):
    queue = asyncio.Queue()
    results = [None] * len(jobs)
    for pair in enumerate(jobs):
        queue.put_nowait(pair)

    async def work():
        while True:
            i, job = await queue.get()
            try:
                results[i] = (await handle(job)) or None
            finally:
                queue.task_done()

    tasks = [asyncio.create_task(work()) for _ in range(workers)]
    await queue.join()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return results
