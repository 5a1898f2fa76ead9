"""Mistake: run_and_report runs its TaskGroup under asyncio.timeout(30), unasked."""

import asyncio

FAILS = {6}
BREAKS = "report-results-when-ok"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.timeout(30):
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(job()) for job in jobs]
    except* ValueError as errors:
        report["invalid"] = [str(error) for error in errors.exceptions]
    except* ConnectionError as errors:
        report["offline"] = [str(error) for error in errors.exceptions]
    else:
        report["results"] = [finished.result() for finished in tasks]
    return report
