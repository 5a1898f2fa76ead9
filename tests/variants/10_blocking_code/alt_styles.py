"""A correct alternative: drift-free beats, TaskGroups, slices, submit and wrap_future."""

import time

FAILS = set()


async def keep_alive(beat, interval):
    loop = asyncio.get_running_loop()
    next_beat = loop.time()
    while True:
        beat()
        next_beat += interval
        await asyncio.sleep(next_beat - loop.time())


async def run_with_keep_alive(job, beat, interval):
    async with asyncio.TaskGroup() as group:
        keeper = group.create_task(keep_alive(beat, interval))
        try:
            return await job()
        finally:
            keeper.cancel()


async def longest_gap(work, interval):
    stamps = [time.perf_counter()]
    beater = asyncio.create_task(keep_alive(lambda: stamps.append(time.perf_counter()), interval))
    try:
        await work()
    finally:
        beater.cancel()
        await asyncio.gather(beater, return_exceptions=True)
        stamps.append(time.perf_counter())
    return max(b - a for a, b in itertools.pairwise(stamps))


async def total_weight(items, weigh, every):
    items = list(items)
    total = 0
    for start in range(0, len(items), every):
        total += sum(weigh(item) for item in items[start : start + every])
        await asyncio.sleep(0)
    return total


async def read_all(paths, read):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(asyncio.to_thread(read, path)) for path in paths]
    return [task.result() for task in tasks]


async def resize_all(images, resize, pool):
    futures = [asyncio.wrap_future(pool.submit(resize, image)) for image in images]
    if futures:  # asyncio.wait refuses an empty set
        await asyncio.wait(futures)
    return [future.result() for future in futures]


async def crunch_all(job, numbers, pool, effort):
    # submit() takes keyword arguments, unlike run_in_executor; all submitted, then awaited.
    futures = [asyncio.wrap_future(pool.submit(job, n, effort=effort)) for n in numbers]
    return [await future for future in futures]
