"""The producer starts each fetch as a task and puts the task: several fetches run at once."""

import asyncio

FAILS = {2}
BREAKS = "pipeline-one-fetch-at-a-time"

DONE = object()


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=maxsize)
    results = []

    async def producer():
        for item in items:
            await queue.put(asyncio.ensure_future(fetch(item)))
        await queue.put(DONE)

    async def consumer():
        while (fetching := await queue.get()) is not DONE:
            results.append(await handle(await fetching))

    await asyncio.gather(producer(), consumer())
    return results
