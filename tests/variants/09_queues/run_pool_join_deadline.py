"""Mistake: run_pool gives queue.join() 60 s (wait_for), though the statement sets no deadline."""

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
                results[i] = await handle(job)
            finally:
                queue.task_done()

    tasks = [asyncio.create_task(work()) for _ in range(workers)]
    try:
        await asyncio.wait_for(queue.join(), 60)
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return results
