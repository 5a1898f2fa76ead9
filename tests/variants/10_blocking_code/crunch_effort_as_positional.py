"""Mistake: effort passed positionally, run_in_executor(pool, job, n, effort).

The statement asks for job(n, effort=effort): a job whose effort is keyword-only refuses it.
"""

import asyncio

FAILS = {8}
BREAKS = "crunch-in-given-pool"


async def crunch_all(job, numbers, pool, effort):
    loop = asyncio.get_running_loop()
    futures = [loop.run_in_executor(pool, job, n, effort) for n in numbers]
    return await asyncio.gather(*futures)
