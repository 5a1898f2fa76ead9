"""Mistake: the results come back as a tuple, not a list."""

import asyncio

FAILS = {5}
BREAKS = "run-all-results-in-job-order"


async def run_all(jobs):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(job()) for job in jobs]
    return tuple(finished.result() for finished in tasks)
