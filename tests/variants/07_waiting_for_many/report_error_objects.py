"""Mistake: the exception objects go in "invalid" and "offline" instead of their messages."""

import asyncio

FAILS = {6}
BREAKS = "report-sorts-errors-by-kind"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except* ValueError as errors:
        report["invalid"] = list(errors.exceptions)
    except* ConnectionError as errors:
        report["offline"] = list(errors.exceptions)
    else:
        report["results"] = [finished.result() for finished in tasks]
    return report
