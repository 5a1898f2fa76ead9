"""Mistake: resize_all returns a tuple of results, not a list."""

FAILS = {7}
BREAKS = "resize-results-in-order"


async def resize_all(images, resize, pool):
    loop = asyncio.get_running_loop()
    futures = [loop.run_in_executor(pool, resize, image) for image in images]
    return tuple(await asyncio.gather(*futures))
