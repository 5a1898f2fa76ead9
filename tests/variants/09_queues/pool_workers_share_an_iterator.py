"""Mistake: run_pool's workers share one iterator over the jobs instead of taking them from an
asyncio.Queue, this task's subject (the timing and the results are right)."""

FAILS = {3}
BREAKS = "pool-jobs-through-one-queue"


async def run_pool(jobs, handle, workers):
    results = [None] * len(jobs)
    pairs = iter(list(enumerate(jobs)))

    async def worker():
        for index, job in pairs:
            results[index] = await handle(job)

    await asyncio.gather(*(worker() for _ in range(workers)))
    return results
