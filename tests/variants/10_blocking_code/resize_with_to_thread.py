"""Mistake: resize_all ignores the pool it is given and uses asyncio.to_thread."""

FAILS = {7}
BREAKS = "resize-on-given-pool"


async def resize_all(images, resize, pool):
    return await asyncio.gather(*(asyncio.to_thread(resize, image) for image in images))
