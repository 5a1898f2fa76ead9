"""Mistake: tasks kept in a dict keyed by job: a job listed twice runs once, one result lost."""

import asyncio

FAILS = {6}
BREAKS = "report-results-when-ok"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = {job: group.create_task(job()) for job in jobs}
    except* ValueError as errors:
        report["invalid"] = [str(error) for error in errors.exceptions]
    except* ConnectionError as errors:
        report["offline"] = [str(error) for error in errors.exceptions]
    else:
        report["results"] = [each.result() for each in tasks.values()]
    return report
