"""crunch_all makes its own ProcessPoolExecutor instead of using the pool it is given."""

from concurrent.futures import ProcessPoolExecutor

FAILS = {8}
BREAKS = "crunch-in-given-pool"


async def crunch_all(job, numbers, pool, effort):
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=2) as own:
        return await asyncio.gather(
            *(loop.run_in_executor(own, functools.partial(job, n, effort=effort)) for n in numbers)
        )
