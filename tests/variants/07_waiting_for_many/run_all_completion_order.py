"""Mistake: results collected as the jobs finish, so they come back out of job order."""

import asyncio

FAILS = {5}
BREAKS = "run-all-results-in-job-order"


async def run_all(jobs):
    results = []

    async def run(job):
        results.append(await job())

    async with asyncio.TaskGroup() as group:
        for job in jobs:
            group.create_task(run(job))
    return results
