"""Mistake: run_all runs its TaskGroup under asyncio.timeout(30), a deadline nobody asked for."""

import asyncio

FAILS = {5}
BREAKS = "run-all-results-in-job-order"


async def run_all(jobs):
    async with asyncio.timeout(30):
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    return [finished.result() for finished in tasks]
