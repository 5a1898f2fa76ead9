"""Mistake: with no images it returns None instead of an empty list."""

import asyncio

FAILS = {7}
BREAKS = "resize-results-in-order"


async def resize_all(images, resize, pool):
    if not images:
        return None
    loop = asyncio.get_running_loop()
    futures = [loop.run_in_executor(pool, resize, image) for image in images]
    return list(await asyncio.gather(*futures))
