"""crunch_all gives every job an effort of 0.01, whatever `effort` it is given."""

import asyncio
import functools

FAILS = {8}
BREAKS = "crunch-in-given-pool"


async def crunch_all(job, numbers, pool, effort):
    loop = asyncio.get_running_loop()
    futures = [loop.run_in_executor(pool, functools.partial(job, n, effort=0.01)) for n in numbers]
    return await asyncio.gather(*futures)
