"""pipeline with no overlap: the consumer only starts once everything is fetched."""

import asyncio

FAILS = {2}
BREAKS = "pipeline-overlaps"


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue()
    for item in items:
        queue.put_nowait(await fetch(item))
    results = []
    while not queue.empty():
        results.append(await handle(queue.get_nowait()))
    return results
