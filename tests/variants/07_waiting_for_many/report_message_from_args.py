"""Mistake: run_and_report takes each message from error.args[0], not str(error)."""

import asyncio

FAILS = {6}
BREAKS = "report-sorts-errors-by-kind"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except* ValueError as errors:
        report["invalid"] = [error.args[0] for error in errors.exceptions]
    except* ConnectionError as errors:
        report["offline"] = [error.args[0] for error in errors.exceptions]
    else:
        report["results"] = [task.result() for task in tasks]
    return report
