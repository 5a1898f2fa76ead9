"""Mistake: run_pool keeps its queue as a parameter's default value, made once and shared by
every call: a second call, or one on another loop, finds the first call's queue."""

FAILS = {3}
BREAKS = "shared-state"


async def run_pool(jobs, handle, workers, _queue=asyncio.Queue()):  # noqa: B008
    queue = _queue
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
    try:
        await queue.join()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return results
