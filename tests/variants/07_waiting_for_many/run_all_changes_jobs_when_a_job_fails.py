"""Mistake: run_all reverses the caller's list of jobs and puts it back only when every job
succeeds: a failing job leaves the list reversed."""

import asyncio

FAILS = {5}
BREAKS = "arguments"


async def run_all(jobs):
    jobs.reverse()
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(job()) for job in jobs]
    jobs.reverse()
    return [task.result() for task in reversed(tasks)]
