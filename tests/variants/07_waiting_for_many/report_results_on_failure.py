"""Mistake: "results" holds the finished jobs' results even when the group failed."""

import asyncio

FAILS = {6}
BREAKS = "report-results-none-on-failure"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    tasks = []
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except* ValueError as errors:
        report["invalid"] = [str(error) for error in errors.exceptions]
    except* ConnectionError as errors:
        report["offline"] = [str(error) for error in errors.exceptions]
    report["results"] = [
        t.result() if t.done() and not t.cancelled() and t.exception() is None else None
        for t in tasks
    ]
    return report
