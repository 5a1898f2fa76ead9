"""Mistake: cancelled, pipeline waits for its producer to finish, and the producer waits
for room on a full queue that no consumer empties any more: it never ends."""

import asyncio

FAILS = {2}
BREAKS = "cancelled"


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize)

    async def produce():
        for item in items:
            await queue.put(await fetch(item))

    async def consume_all():
        return [await handle(await queue.get()) for _ in range(len(items))]

    producer = asyncio.create_task(produce())
    try:
        return await consume_all()
    finally:
        await producer
