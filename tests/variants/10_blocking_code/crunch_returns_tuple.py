"""Mistake: crunch_all returns a tuple of results, not a list."""

FAILS = {8}
BREAKS = "crunch-results-in-order"


async def crunch_all(job, numbers, pool, effort):
    loop = asyncio.get_running_loop()
    futures = [
        loop.run_in_executor(pool, functools.partial(job, n, effort=effort)) for n in numbers
    ]
    return tuple(await asyncio.gather(*futures))
