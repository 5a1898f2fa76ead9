"""A correct alternative: a keep-alive on a fixed grid, a call_later heartbeat, chunked weighing."""

import asyncio
import itertools


async def keep_alive(beat, interval):
    loop = asyncio.get_running_loop()
    start = loop.time()
    for number in itertools.count(1):
        beat()
        await asyncio.sleep(max(0.0, start + number * interval - loop.time()))


async def run_with_keep_alive(job, beat, interval):
    async with asyncio.TaskGroup() as group:
        keeper = group.create_task(keep_alive(beat, interval))
        try:
            return await job()
        finally:
            keeper.cancel()


async def longest_gap(work, interval):
    loop = asyncio.get_running_loop()
    stamps = [loop.time()]
    timer = None

    def tick():
        nonlocal timer
        stamps.append(loop.time())
        timer = loop.call_later(interval, tick)

    timer = loop.call_later(interval, tick)
    try:
        await work()
        stamps.append(loop.time())
    finally:
        timer.cancel()
    return max(later - earlier for earlier, later in itertools.pairwise(stamps))


async def total_weight(items, weigh, every):
    total = 0
    remaining = iter(items)
    while chunk := list(itertools.islice(remaining, every)):
        total += sum(map(weigh, chunk))
        if len(chunk) == every:
            await asyncio.sleep(0)
    return total


FAILS = set()
