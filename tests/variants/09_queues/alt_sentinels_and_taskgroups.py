"""A correct alternative: sentinels instead of cancel, TaskGroups, a task per arrival."""

import asyncio
import itertools

FAILS = set()

STOP = object()


async def consume(queue, handle):
    while True:
        item = await queue.get()
        try:
            await handle(item)
        except asyncio.CancelledError:
            queue.task_done()
            raise
        except Exception:
            queue.task_done()
            raise
        queue.task_done()


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize)
    results = []

    async def consumer():
        while True:
            data = await queue.get()
            try:
                if data is STOP:
                    return
                results.append(await handle(data))
            finally:
                queue.task_done()

    worker = asyncio.create_task(consumer())
    try:
        for item in items:
            data = await fetch(item)
            await queue.put(data)
        await queue.put(STOP)
        await worker
    finally:
        if not worker.done():
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
    return results


async def run_pool(jobs, handle, workers):
    queue = asyncio.Queue()
    results = {}

    async def worker():
        while (entry := await queue.get()) is not STOP:
            index, job = entry
            results[index] = await handle(job)

    async with asyncio.TaskGroup() as group:
        for _ in range(workers):
            group.create_task(worker())
        for entry in enumerate(jobs):
            await queue.put(entry)
        for _ in range(workers):
            await queue.put(STOP)
    return [results[index] for index in range(len(jobs))]


async def triage(arrivals, handle):
    queue = asyncio.PriorityQueue()
    numbers = itertools.count()
    handled = []
    remaining = len(arrivals)

    async def arrive(at, priority, job, number):
        await asyncio.sleep(at)
        await queue.put((priority, number, job))

    async def worker():
        nonlocal remaining
        while remaining:
            _, _, job = await queue.get()
            handled.append(await handle(job))
            remaining -= 1

    async with asyncio.TaskGroup() as group:
        for at, priority, job in arrivals:
            group.create_task(arrive(at, priority, job, next(numbers)))
        group.create_task(worker())
    return handled


async def drain(jobs, handle, workers):
    queue = asyncio.Queue()

    async def worker():
        done = 0
        try:
            while True:
                await handle(await queue.get())
                done += 1
        except asyncio.QueueShutDown:
            return done

    async with asyncio.TaskGroup() as group:  # cancelled, it waits until they have ended
        tasks = [group.create_task(worker()) for _ in range(workers)]
        for job in jobs:
            await queue.put(job)
        queue.shutdown()
    return [task.result() for task in tasks]
