"""Mistake: except* OSError for the offline errors: it also swallows other OSErrors.

ConnectionError is a kind of OSError, but so are FileNotFoundError and PermissionError,
which are not this function's to handle: they must keep propagating.
"""

import asyncio

FAILS = {6}
BREAKS = "report-other-errors-propagate"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except* ValueError as errors:
        report["invalid"] = [str(error) for error in errors.exceptions]
    except* OSError as errors:
        report["offline"] = [str(error) for error in errors.exceptions]
    else:
        report["results"] = [finished.result() for finished in tasks]
    return report
