"""Mistake: run_all lets only 100 jobs run at a time in its TaskGroup, a cap the statement
never sets."""

import asyncio

FAILS = {5}
BREAKS = "run-all-at-once"


async def run_all(jobs):
    limit = asyncio.Semaphore(100)

    async def run_one(job):
        async with limit:
            return await job()

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(run_one(job)) for job in jobs]
    return [each.result() for each in tasks]
