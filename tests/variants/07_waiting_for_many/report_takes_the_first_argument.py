"""Mistake: run_and_report keeps a ValueError's first argument (error.args[0]) as its
message, not str(error): the two differ for an error raised with two arguments."""

import asyncio

FAILS = {6}
BREAKS = "report-sorts-errors-by-kind"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
        report["results"] = [task.result() for task in tasks]
    except* ValueError as invalid:
        report["invalid"] += [error.args[0] for error in invalid.exceptions]
    except* ConnectionError as offline:
        report["offline"] += [str(error) for error in offline.exceptions]
    return report
