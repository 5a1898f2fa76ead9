"""Mistake: the queue is bounded to 2, whatever `maxsize` is given."""

import asyncio

FAILS = {2}
BREAKS = "pipeline-bounded-asyncio-queue"

DONE = object()


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=2)
    results = []

    async def producer():
        for item in items:
            await queue.put(await fetch(item))
        await queue.put(DONE)

    async def consumer():
        while (data := await queue.get()) is not DONE:
            results.append(await handle(data))

    await asyncio.gather(producer(), consumer())
    return results
