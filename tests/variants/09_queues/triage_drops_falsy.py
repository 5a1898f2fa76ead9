"""Mistake: triage leaves out the None results of handle."""

FAILS = {4}
BREAKS = "triage-results-in-handled-order"


async def triage(arrivals, handle):
    loop = asyncio.get_running_loop()
    start = loop.time()
    queue = asyncio.PriorityQueue()
    results = []

    async def worker():
        while True:
            _, _, job = await queue.get()
            try:
                r = await handle(job)
                if r is not None:
                    results.append(r)
            finally:
                queue.task_done()

    w = asyncio.create_task(worker())
    for number, (at, priority, job) in enumerate(arrivals):
        delay = start + at - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((priority, number, job))
    await queue.join()
    w.cancel()
    await asyncio.gather(w, return_exceptions=True)
    return results
