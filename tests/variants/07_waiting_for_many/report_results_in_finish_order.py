"""Mistake: results appended as the jobs finish, so they are out of job order."""

import asyncio

FAILS = {6}
BREAKS = "report-results-when-ok"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    finished = []

    async def run(job):
        finished.append(await job())

    try:
        async with asyncio.TaskGroup() as group:
            for job in jobs:
                group.create_task(run(job))
    except* ValueError as errors:
        report["invalid"] = [str(error) for error in errors.exceptions]
    except* ConnectionError as errors:
        report["offline"] = [str(error) for error in errors.exceptions]
    else:
        report["results"] = finished
    return report
