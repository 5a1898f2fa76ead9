"""Mistake: the consumer loops `while data := await queue.get():` with a None sentinel.

A fetch that gives 0 or '' ends the loop early, as if it were the sentinel.
"""

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
        while data := await queue.get():
            results.append(await handle(data))
        return results

    producer = asyncio.create_task(produce())
    results = await consume_all()
    producer.cancel()
    await asyncio.gather(producer, return_exceptions=True)
    return results
