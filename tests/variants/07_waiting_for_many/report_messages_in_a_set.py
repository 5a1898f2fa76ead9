"""Mistake: run_and_report collects the messages in a set, so two equal messages count once."""

import asyncio

FAILS = {6}
BREAKS = "report-sorts-errors-by-kind"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except* ValueError as errors:
        report["invalid"] = sorted({str(error) for error in errors.exceptions})
    except* ConnectionError as errors:
        report["offline"] = sorted({str(error) for error in errors.exceptions})
    else:
        report["results"] = [task.result() for task in tasks]
    return report
