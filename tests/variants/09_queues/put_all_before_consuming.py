"""pipeline fills the bounded queue before starting the consumer: put() waits forever."""

import asyncio

FAILS = {2}
BREAKS = "pipeline-overlaps"


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=maxsize)
    for item in items:
        await queue.put(await fetch(item))
    results = []
    while not queue.empty():
        results.append(await handle(await queue.get()))
    return results
