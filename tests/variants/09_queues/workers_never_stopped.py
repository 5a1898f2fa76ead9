"""run_pool and triage join the queue and return, leaving their workers waiting forever."""

import asyncio
import itertools

FAILS = {3, 4}


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

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    await queue.join()
    del tasks
    return results


async def triage(arrivals, handle):
    queue = asyncio.PriorityQueue()
    order = itertools.count()
    handled = []
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def worker():
        while True:
            _, _, job = await queue.get()
            handled.append(await handle(job))
            queue.task_done()

    helper = asyncio.create_task(worker())
    for at, priority, job in arrivals:
        await asyncio.sleep(max(0.0, start + at - loop.time()))
        queue.put_nowait((priority, next(order), job))
    await queue.join()
    del helper
    return handled
