"""Mistake: list(pool.map(resize, images)) inside the coroutine: right pool, right results, but
collecting them waits on the loop's thread."""

FAILS = {7}
BREAKS = "resize-loop-stays-free"


async def resize_all(images, resize, pool):
    return list(pool.map(resize, images))
