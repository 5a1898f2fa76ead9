"""pipeline hands the items to three consumers that handle them at once, results in order."""

import asyncio

FAILS = {2}
BREAKS = "pipeline-one-consumer"

CONSUMERS = 3


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=maxsize)
    done = object()
    results = [None] * len(items)

    async def produce():
        for index, item in enumerate(items):
            await queue.put((index, await fetch(item)))
        for _ in range(CONSUMERS):
            await queue.put(done)

    async def consume():
        while (entry := await queue.get()) is not done:
            index, data = entry
            results[index] = await handle(data)

    async with asyncio.TaskGroup() as group:
        group.create_task(produce())
        for _ in range(CONSUMERS):
            group.create_task(consume())
    return results
