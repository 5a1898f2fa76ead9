"""A correct alternative: arrivals scheduled with loop.call_at, no worker task; join then cancel."""

import asyncio

FAILS = set()


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize)
    results = []

    async def consumer():
        while True:
            data = await queue.get()
            results.append(await handle(data))
            queue.task_done()

    async with asyncio.TaskGroup() as group:
        eater = group.create_task(consumer())
        for item in items:
            await queue.put(await fetch(item))
        await queue.join()
        eater.cancel()
    return results


async def triage(arrivals, handle):
    loop = asyncio.get_running_loop()
    queue = asyncio.PriorityQueue()
    origin = loop.time()
    for number, (at, priority, job) in enumerate(arrivals):
        loop.call_at(origin + at, queue.put_nowait, (priority, number, job))
    handled = []
    for _arrival in arrivals:
        _priority, _number, job = await queue.get()
        handled.append(await handle(job))
    return handled
