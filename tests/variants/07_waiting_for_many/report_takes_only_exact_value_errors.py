"""Mistake: run_and_report splits the group on the exact type ValueError, so a subclass of
ValueError is neither reported as invalid nor handled: it comes out in a group."""

import asyncio

FAILS = {6}
BREAKS = "report-sorts-errors-by-kind"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
        report["results"] = [task.result() for task in tasks]
    except ExceptionGroup as failed:
        invalid, rest = failed.split(lambda error: type(error) is ValueError)
        offline, rest = rest.split(ConnectionError) if rest else (None, None)
        report["invalid"] += [str(error) for error in invalid.exceptions] if invalid else []
        report["offline"] += [str(error) for error in offline.exceptions] if offline else []
        if rest:
            raise rest from None
    return report
