"""Mistake: pipeline, cancelled, stops its two tasks and returns the results handled so far,
as if every item had been done."""

import asyncio

FAILS = {2}
BREAKS = "cancelled"


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=maxsize)
    done = object()
    results = []

    async def produce():
        for item in items:
            await queue.put(await fetch(item))
        await queue.put(done)

    async def consume_all():
        while (data := await queue.get()) is not done:
            results.append(await handle(data))

    tasks = [asyncio.create_task(produce()), asyncio.create_task(consume_all())]
    try:
        await asyncio.gather(*tasks)
    except asyncio.CancelledError:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return results
