"""Mistake: the results are read inside the async with block, before the group waited.

The tasks have not finished yet, so task.result() raises InvalidStateError.
"""

import asyncio

FAILS = {5}
BREAKS = "run-all-results-in-job-order"


async def run_all(jobs):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(job()) for job in jobs]
        return [finished.result() for finished in tasks]
