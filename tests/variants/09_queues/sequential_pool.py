"""run_pool takes the jobs from the queue one after another: no pool at all."""

import asyncio

FAILS = {3}
BREAKS = "pool-workers-all-busy"


async def run_pool(jobs, handle, workers):
    queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    results = []
    while not queue.empty():
        results.append(await handle(await queue.get()))
    return results
