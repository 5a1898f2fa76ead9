"""Mistake: pipeline handles at most the first ten items, a cap the task does not give."""

import asyncio

FAILS = {2}
BREAKS = "pipeline-results-in-item-order"


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=maxsize)
    done = object()

    async def produce():
        for item in items[:10]:
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
