"""Mistake: each job catches its own ValueError/ConnectionError, so the group never fails and
cancels nothing: the other jobs run on."""

import asyncio

FAILS = {6}
BREAKS = "report-failure-cancels-rest"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}

    async def guarded(job):
        try:
            return await job()
        except ValueError as error:
            report["invalid"].append(str(error))
        except ConnectionError as error:
            report["offline"].append(str(error))

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(guarded(job)) for job in jobs]
    if not report["invalid"] and not report["offline"]:
        report["results"] = [task.result() for task in tasks]
    return report
