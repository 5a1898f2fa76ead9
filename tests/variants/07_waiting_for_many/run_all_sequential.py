"""Mistake: a TaskGroup per job, so each job waits for the previous one."""

import asyncio

FAILS = {5}
BREAKS = "run-all-at-once"


async def run_all(jobs):
    results = []
    for job in jobs:
        async with asyncio.TaskGroup() as group:
            started = group.create_task(job())
        results.append(started.result())
    return results
