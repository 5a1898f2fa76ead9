"""Mistake: with no jobs it reports "results": None, as if the group had failed, not []."""

import asyncio

FAILS = {6}
BREAKS = "report-results-when-ok"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    if not jobs:
        return report
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except* ValueError as errors:
        report["invalid"] = [str(error) for error in errors.exceptions]
    except* ConnectionError as errors:
        report["offline"] = [str(error) for error in errors.exceptions]
    else:
        report["results"] = [each.result() for each in tasks]
    return report
