"""Threads and pools used, but each call awaited before the next is started."""

FAILS = {6, 7, 8}


async def read_all(paths, read):
    return [await asyncio.to_thread(read, path) for path in paths]


async def resize_all(images, resize, pool):
    loop = asyncio.get_running_loop()
    return [await loop.run_in_executor(pool, resize, image) for image in images]


async def crunch_all(job, numbers, pool, effort):
    loop = asyncio.get_running_loop()
    return [
        await loop.run_in_executor(pool, functools.partial(job, n, effort=effort)) for n in numbers
    ]
