"""resize_all wraps the pool it is given in `with pool:`, which shuts the caller's pool down."""

import asyncio

FAILS = {7}
BREAKS = "resize-leaves-the-pool-open"


async def resize_all(images, resize, pool):
    loop = asyncio.get_running_loop()
    with pool:
        futures = [loop.run_in_executor(pool, resize, image) for image in images]
        return list(await asyncio.gather(*futures))
