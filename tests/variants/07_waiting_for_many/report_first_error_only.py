"""Mistake: only the first error of each kind is reported, though the group holds them all."""

import asyncio

FAILS = {6}
BREAKS = "report-sorts-errors-by-kind"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except* ValueError as errors:
        report["invalid"] = [str(errors.exceptions[0])]
    except* ConnectionError as errors:
        report["offline"] = [str(errors.exceptions[0])]
    else:
        report["results"] = [t.result() for t in tasks]
    return report
