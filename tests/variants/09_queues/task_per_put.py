"""pipeline puts each item from a task of its own, as the seed did: no backpressure left."""

import asyncio

FAILS = {2}
BREAKS = "pipeline-bounded-asyncio-queue"


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=maxsize)
    results = []
    puts = []

    async def consumer():
        while True:
            data = await queue.get()
            results.append(await handle(data))
            queue.task_done()

    worker = asyncio.create_task(consumer())
    for item in items:
        data = await fetch(item)
        puts.append(asyncio.create_task(queue.put(data)))
    await asyncio.gather(*puts)
    await queue.join()
    worker.cancel()
    await asyncio.gather(worker, return_exceptions=True)
    return results
