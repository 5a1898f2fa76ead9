"""Mistake: run_and_report keeps only errors of type exactly ConnectionError, not its subclasses."""

import asyncio

FAILS = {6}
BREAKS = "report-sorts-errors-by-kind"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except* ValueError as errors:
        report["invalid"] = [str(e) for e in errors.exceptions if type(e) is ValueError]
    except* ConnectionError as errors:
        report["offline"] = [str(e) for e in errors.exceptions if type(e) is ConnectionError]
    else:
        report["results"] = [task.result() for task in tasks]
    return report
