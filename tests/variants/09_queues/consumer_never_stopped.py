"""pipeline joins the queue and returns, leaving its consumer waiting forever (the seed's flow)."""

import asyncio

FAILS = {2}
BREAKS = "pipeline-stops-consumer"


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=maxsize)
    results = []

    async def consumer():
        while True:
            data = await queue.get()
            results.append(await handle(data))
            queue.task_done()

    asyncio.create_task(consumer())  # noqa: RUF006 (the mistake: nothing stops it)
    for item in items:
        await queue.put(await fetch(item))
    await queue.join()
    return results
