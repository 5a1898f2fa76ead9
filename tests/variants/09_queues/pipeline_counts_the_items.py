"""Correct in another style: the consumer gets exactly len(items) values, no sentinel."""

import asyncio

FAILS = set()


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
