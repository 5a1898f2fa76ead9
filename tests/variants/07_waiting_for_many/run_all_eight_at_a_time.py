"""Mistake: run_all lets only 8 jobs run at a time (a semaphore of its own)."""

import asyncio

FAILS = {5}
BREAKS = "run-all-at-once"


async def run_all(jobs):
    limit = asyncio.Semaphore(8)

    async def run_one(job):
        async with limit:
            return await job()

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(run_one(job)) for job in jobs]
    return [finished.result() for finished in tasks]
