"""Correct: pipeline on a subclass of asyncio.Queue of its own, drain on an alias of Queue."""

import asyncio
from asyncio import Queue as JobQueue

FAILS = set()

_END = object()


class Channel(asyncio.Queue):
    """A bounded queue its producer closes with one last put."""

    async def close(self):
        await self.put(_END)


async def pipeline(items, fetch, handle, maxsize):
    channel = Channel(maxsize)
    results = []

    async def producer():
        for item in items:
            await channel.put(await fetch(item))
        await channel.close()

    async def consumer():
        while (got := await channel.get()) is not _END:
            results.append(await handle(got))

    # gather with return_exceptions=True: cancelled, it waits until both have ended.
    for outcome in await asyncio.gather(producer(), consumer(), return_exceptions=True):
        if isinstance(outcome, BaseException):
            raise outcome
    return results


async def drain(jobs, handle, workers):
    queue = JobQueue()
    for job in jobs:
        queue.put_nowait(job)
    queue.shutdown()

    async def work():
        count = 0
        while True:
            try:
                job = await queue.get()
            except asyncio.QueueShutDown:
                return count
            await handle(job)
            count += 1

    counts = await asyncio.gather(*(work() for _ in range(workers)), return_exceptions=True)
    for count in counts:
        if isinstance(count, BaseException):
            raise count
    return list(counts)
