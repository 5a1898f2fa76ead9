"""Mistake: the producer gathers every fetch at once, then puts the pages: it runs far ahead."""

import asyncio

FAILS = {2}
BREAKS = "pipeline-one-fetch-at-a-time"

DONE = object()


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=maxsize)
    results = []

    async def producer():
        for data in await asyncio.gather(*(fetch(item) for item in items)):
            await queue.put(data)
        await queue.put(DONE)

    async def consumer():
        while (data := await queue.get()) is not DONE:
            results.append(await handle(data))

    await asyncio.gather(producer(), consumer())
    return results
