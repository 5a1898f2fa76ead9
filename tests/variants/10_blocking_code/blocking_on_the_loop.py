"""Every blocking thing done on the loop's thread: time.sleep, no yields, direct calls."""

import time

FAILS = {4, 5, 6, 7, 8}


async def long_job(steps, seconds, progress):
    for step in range(1, steps + 1):
        time.sleep(seconds)
        progress(step)


async def total_weight(items, weigh, every):
    return sum(weigh(item) for item in items)


async def read_all(paths, read):
    return [read(path) for path in paths]


async def resize_all(images, resize, pool):
    return [resize(image) for image in images]


async def crunch_all(job, numbers, pool, effort):
    return [job(n, effort=effort) for n in numbers]
