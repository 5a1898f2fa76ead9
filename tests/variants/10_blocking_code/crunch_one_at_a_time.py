"""Mistake: each job is awaited before the next is submitted: no parallelism."""

FAILS = {8}
BREAKS = "crunch-at-once"


async def crunch_all(job, numbers, pool, effort):
    loop = asyncio.get_running_loop()
    return [
        await loop.run_in_executor(pool, functools.partial(job, n, effort=effort)) for n in numbers
    ]
