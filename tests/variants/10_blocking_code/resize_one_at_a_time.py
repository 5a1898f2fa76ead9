"""Mistake: each image is awaited before the next is submitted: the pool runs one at a time."""

FAILS = {7}
BREAKS = "resize-at-once"


async def resize_all(images, resize, pool):
    loop = asyncio.get_running_loop()
    return [await loop.run_in_executor(pool, resize, image) for image in images]
