"""Mistake: gather(return_exceptions=True) instead of a TaskGroup: a failure cancels nothing."""

import asyncio

FAILS = {6}
BREAKS = "report-failure-cancels-rest"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    results = await asyncio.gather(*(job() for job in jobs), return_exceptions=True)
    others = []
    for result in results:
        if isinstance(result, ValueError):
            report["invalid"].append(str(result))
        elif isinstance(result, ConnectionError):
            report["offline"].append(str(result))
        elif isinstance(result, BaseException):
            others.append(result)
    if others:
        raise ExceptionGroup("unexpected errors", others)
    if not report["invalid"] and not report["offline"]:
        report["results"] = results
    return report
