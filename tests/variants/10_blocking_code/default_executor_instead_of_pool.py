"""resize_all and crunch_all ignore the pool they are given and use to_thread."""

FAILS = {7, 8}


async def resize_all(images, resize, pool):
    return await asyncio.gather(*(asyncio.to_thread(resize, image) for image in images))


async def crunch_all(job, numbers, pool, effort):
    return await asyncio.gather(
        *(asyncio.to_thread(functools.partial(job, n, effort=effort)) for n in numbers)
    )
