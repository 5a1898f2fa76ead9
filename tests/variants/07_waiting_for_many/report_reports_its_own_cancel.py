"""Mistake: run_and_report treats its own cancellation as one more outcome to report: it
catches the CancelledError with the errors (except* sees it too) and returns the report with
no results."""

import asyncio

FAILS = {6}
BREAKS = "cancelled"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except* ValueError as errors:
        report["invalid"] = [str(error) for error in errors.exceptions]
    except* ConnectionError as errors:
        report["offline"] = [str(error) for error in errors.exceptions]
    except* asyncio.CancelledError:
        pass
    else:
        report["results"] = [finished.result() for finished in tasks]
    return report
