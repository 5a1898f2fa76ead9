"""Mistake: run_and_report lets only 8 jobs run at a time in its TaskGroup (a semaphore of
its own), a cap the statement never sets."""

import asyncio

FAILS = {6}
BREAKS = "report-at-once"


async def run_and_report(jobs):
    limit = asyncio.Semaphore(8)

    async def run_one(job):
        async with limit:
            return await job()

    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(run_one(job)) for job in jobs]
    except* ValueError as errors:
        report["invalid"] = [str(error) for error in errors.exceptions]
    except* ConnectionError as errors:
        report["offline"] = [str(error) for error in errors.exceptions]
    else:
        report["results"] = [each.result() for each in tasks]
    return report
