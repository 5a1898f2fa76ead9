"""resize_all submits to the pool, then waits with Future.result(), blocking the loop."""

FAILS = {7}
BREAKS = "resize-loop-stays-free"


async def resize_all(images, resize, pool):
    futures = [pool.submit(resize, image) for image in images]
    return [future.result() for future in futures]
