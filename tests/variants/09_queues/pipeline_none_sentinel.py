"""Mistake: None marks the end of the stream, so a fetch that gives None stops the consumer."""

import asyncio

FAILS = {2}
BREAKS = "pipeline-passes-any-value"


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=maxsize)

    async def produce():
        for item in items:
            await queue.put(await fetch(item))
        await queue.put(None)

    async def consume_all():
        results = []
        while (data := await queue.get()) is not None:
            results.append(await handle(data))
        return results

    async with asyncio.TaskGroup() as group:
        group.create_task(produce())
        consumer = group.create_task(consume_all())
    return consumer.result()
