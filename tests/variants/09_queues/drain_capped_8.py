"""Mistake: drain runs at most 8 workers and pads the counts with zeros."""

FAILS = {5}
BREAKS = "drain-workers-share-the-jobs"


async def drain(jobs, handle, workers):
    queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    queue.shutdown()

    async def work():
        n = 0
        while True:
            try:
                job = await queue.get()
            except asyncio.QueueShutDown:
                return n
            await handle(job)
            n += 1

    k = min(workers, 8)
    counts = list(await asyncio.gather(*(work() for _ in range(k))))
    return counts + [0] * (workers - k)
