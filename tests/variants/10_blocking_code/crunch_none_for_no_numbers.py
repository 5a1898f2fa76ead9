"""Mistake: with no numbers it returns None instead of an empty list."""

import asyncio
import functools

FAILS = {8}
BREAKS = "crunch-results-in-order"


async def crunch_all(job, numbers, pool, effort):
    if not numbers:
        return None
    loop = asyncio.get_running_loop()
    call = functools.partial(job, effort=effort)
    return list(await asyncio.gather(*(loop.run_in_executor(pool, call, n) for n in numbers)))
