"""pipeline bounds its queue to 3, whatever `maxsize` it is given."""

import asyncio

FAILS = {2}
BREAKS = "pipeline-bounded-asyncio-queue"


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=3)
    done = object()

    async def produce():
        for item in items:
            await queue.put(await fetch(item))
        await queue.put(done)

    async def consume_all():
        results = []
        while (data := await queue.get()) is not done:
            results.append(await handle(data))
        return results

    async with asyncio.TaskGroup() as group:
        group.create_task(produce())
        consumer = group.create_task(consume_all())
    return consumer.result()
