"""crunch_all sends a lambda to the process pool: it cannot be pickled."""

FAILS = {8}
BREAKS = "crunch-picklable"


async def crunch_all(job, numbers, pool, effort):
    loop = asyncio.get_running_loop()
    return await asyncio.gather(
        *(loop.run_in_executor(pool, lambda n=n: job(n, effort=effort)) for n in numbers)
    )
