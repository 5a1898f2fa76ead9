"""Mistake: triage joins the queue and returns, leaving its worker waiting on get()."""

import asyncio
import itertools

FAILS = {4}
BREAKS = "triage-stops-worker"


async def triage(arrivals, handle):
    queue = asyncio.PriorityQueue()
    order = itertools.count()
    handled = []
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def worker():
        while True:
            _, _, job = await queue.get()
            try:
                handled.append(await handle(job))
            finally:
                queue.task_done()

    asyncio.create_task(worker())  # noqa: RUF006 (the mistake)
    for at, together in itertools.groupby(arrivals, key=lambda arrival: arrival[0]):
        await asyncio.sleep(max(0.0, start + at - loop.time()))
        for _at, priority, job in together:
            queue.put_nowait((priority, next(order), job))
    await queue.join()
    return handled
