"""Mistake: the producer sleeps 0.4 s "to let the consumer get ready" before its first fetch,
so the pipeline ends 0.4 s late."""

import asyncio

FAILS = {2}
BREAKS = "pipeline-overlaps"


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=maxsize)
    done = object()
    results = []

    async def producer():
        await asyncio.sleep(0.4)  # let the consumer get ready first
        for item in items:
            await queue.put(await fetch(item))
        await queue.put(done)

    async def consumer():
        while (value := await queue.get()) is not done:
            results.append(await handle(value))

    async with asyncio.TaskGroup() as group:
        group.create_task(producer())
        group.create_task(consumer())
    return results
