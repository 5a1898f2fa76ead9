"""Mistake: numbers the arrivals from one module-level itertools.count, so each triage call goes
on from the numbers the calls before it took, and two calls at once take turns on one count."""

import asyncio
import itertools

FAILS = {4}
BREAKS = "shared-state"

_order = itertools.count()


async def triage(arrivals, handle):
    queue = asyncio.PriorityQueue()
    handled = []
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def arrive():
        for at, together in itertools.groupby(arrivals, key=lambda arrival: arrival[0]):
            await asyncio.sleep(max(0.0, start + at - loop.time()))
            for _at, priority, job in together:
                queue.put_nowait((priority, next(_order), job))

    async def worker():
        while True:
            _, _, job = await queue.get()
            try:
                handled.append(await handle(job))
            finally:
                queue.task_done()

    helper = asyncio.create_task(worker())
    try:
        await arrive()
        await queue.join()
    finally:
        helper.cancel()
        await asyncio.gather(helper, return_exceptions=True)
    return handled
