"""Mistake: plain except clauses, which never match the errors inside an ExceptionGroup."""

import asyncio

FAILS = {6}
BREAKS = "report-sorts-errors-by-kind"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except ValueError as error:
        report["invalid"] = [str(error)]
    except ConnectionError as error:
        report["offline"] = [str(error)]
    else:
        report["results"] = [t.result() for t in tasks]
    return report
