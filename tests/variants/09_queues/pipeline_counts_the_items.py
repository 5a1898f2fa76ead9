"""Correct in another style: the consumer gets exactly len(items) values, no sentinel; the
producer is stopped and awaited however the consumer ends."""

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
        producer.cancel()  # done by now when all went well; else it must not go on alone
        await asyncio.wait([producer])
