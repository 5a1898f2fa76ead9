"""resize_all submits the images 4 at a time, each batch after the last: not all at once."""

FAILS = {7}
BREAKS = "resize-at-once"


async def resize_all(images, resize, pool):
    loop = asyncio.get_running_loop()
    results = []
    for start in range(0, len(images), 4):
        batch = images[start : start + 4]
        results += await asyncio.gather(*(loop.run_in_executor(pool, resize, i) for i in batch))
    return results
