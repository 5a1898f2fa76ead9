"""Mistake: "results" starts as [] and stays so when the group failed, instead of None."""

import asyncio

FAILS = {6}
BREAKS = "report-results-none-on-failure"


async def run_and_report(jobs):
    report = {"results": [], "invalid": [], "offline": []}
    tasks = []
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except* ValueError as errors:
        report["invalid"].extend(str(error) for error in errors.exceptions)
    except* ConnectionError as errors:
        report["offline"].extend(str(error) for error in errors.exceptions)
    if all(t.done() and not t.cancelled() and t.exception() is None for t in tasks):
        report["results"] = [t.result() for t in tasks]
    return report
