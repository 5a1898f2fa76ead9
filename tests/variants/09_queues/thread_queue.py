"""pipeline with the threading module's queue.Queue: its get() blocks the event loop."""

import asyncio
import queue as thread_queue

FAILS = {2}
BREAKS = "pipeline-bounded-asyncio-queue"


async def pipeline(items, fetch, handle, maxsize):
    channel = thread_queue.Queue(maxsize=maxsize)
    done = object()

    async def produce():
        for item in items:
            data = await fetch(item)
            channel.put(data)
        channel.put(done)

    async def consume_all():
        results = []
        while (data := channel.get()) is not done:
            results.append(await handle(data))
        return results

    async with asyncio.TaskGroup() as group:
        group.create_task(produce())
        consumer = group.create_task(consume_all())
    return consumer.result()
