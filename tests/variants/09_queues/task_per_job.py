"""run_pool starts a task per job: a cap that does not cap."""

import asyncio

FAILS = {3}
BREAKS = "pool-at-most-workers"


async def run_pool(jobs, handle, workers):
    return list(await asyncio.gather(*(handle(job) for job in jobs)))
