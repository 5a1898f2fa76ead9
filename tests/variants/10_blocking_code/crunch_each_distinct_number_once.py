"""Mistake: a number listed twice is crunched once (futures in a dict keyed by number).

The statement asks for one job per number in the list, each submitted once.
"""

import asyncio
import functools

FAILS = {8}
BREAKS = "crunch-at-once"


async def crunch_all(job, numbers, pool, effort):
    loop = asyncio.get_running_loop()
    futures = {
        n: loop.run_in_executor(pool, functools.partial(job, n, effort=effort))
        for n in set(numbers)
    }
    results = dict(zip(futures, await asyncio.gather(*futures.values()), strict=True))
    return [results[n] for n in numbers]
