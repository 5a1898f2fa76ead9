"""Mistake: submits the images two at a time, each pair after the last has ended, rather than
all at once (the pool's size is what caps them)."""

import asyncio

FAILS = {7}
BREAKS = "resize-at-once"


async def resize_all(images, resize, pool):
    loop = asyncio.get_running_loop()
    results = []
    for start in range(0, len(images), 2):
        pair = images[start : start + 2]
        results += await asyncio.gather(*(loop.run_in_executor(pool, resize, i) for i in pair))
    return results
