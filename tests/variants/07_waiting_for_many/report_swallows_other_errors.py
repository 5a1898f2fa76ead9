"""Mistake: every ExceptionGroup is caught, so errors that are not ours are swallowed."""

import asyncio

FAILS = {6}
BREAKS = "report-other-errors-propagate"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except ExceptionGroup as errors:
        for error in errors.exceptions:
            if isinstance(error, ValueError):
                report["invalid"].append(str(error))
            elif isinstance(error, ConnectionError):
                report["offline"].append(str(error))
    else:
        report["results"] = [t.result() for t in tasks]
    return report
