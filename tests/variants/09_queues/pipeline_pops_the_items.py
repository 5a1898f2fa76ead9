"""Mistake: the producer pops each item off the caller's list, which pipeline leaves empty."""

import asyncio

FAILS = {2}
BREAKS = "pipeline-leaves-items"

_END = object()


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=maxsize)
    results = []

    async def produce():
        while items:
            await queue.put(await fetch(items.pop(0)))
        await queue.put(_END)

    async def consume():
        while (value := await queue.get()) is not _END:
            results.append(await handle(value))

    await asyncio.gather(produce(), consume())
    return results
