"""Mistake: tasks kept in a dict keyed by job: a job listed twice runs once, one result lost."""

import asyncio

FAILS = {5}
BREAKS = "run-all-results-in-job-order"


async def run_all(jobs):
    async with asyncio.TaskGroup() as group:
        tasks = {job: group.create_task(job()) for job in jobs}
    return [each.result() for each in tasks.values()]
