"""crunch_all calls pool.shutdown() once its jobs are in: the pool is the caller's to close."""

import asyncio
import functools

FAILS = {8}
BREAKS = "crunch-leaves-the-pool-open"


async def crunch_all(job, numbers, pool, effort):
    loop = asyncio.get_running_loop()
    futures = [
        loop.run_in_executor(pool, functools.partial(job, n, effort=effort)) for n in numbers
    ]
    try:
        return list(await asyncio.gather(*futures))
    finally:
        pool.shutdown()
