"""crunch_all submits the numbers 2 at a time, each pair after the last: not all at once."""

FAILS = {8}
BREAKS = "crunch-at-once"


async def crunch_all(job, numbers, pool, effort):
    loop = asyncio.get_running_loop()
    bound = functools.partial(job, effort=effort)
    results = []
    for start in range(0, len(numbers), 2):
        pair = numbers[start : start + 2]
        results += await asyncio.gather(*(loop.run_in_executor(pool, bound, n) for n in pair))
    return results
