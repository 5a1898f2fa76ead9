"""Mistake: with no jobs it returns None instead of an empty list."""

import asyncio

FAILS = {5}
BREAKS = "run-all-results-in-job-order"


async def run_all(jobs):
    if not jobs:
        return None
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(job()) for job in jobs]
    return [each.result() for each in tasks]
