"""Mistake: the messages are written with repr(error) instead of str(error).

"invalid" holds "ValueError('bad input')" where the statement asks for "bad input".
"""

import asyncio

FAILS = {6}
BREAKS = "report-sorts-errors-by-kind"


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except* ValueError as errors:
        report["invalid"] = [repr(error) for error in errors.exceptions]
    except* ConnectionError as errors:
        report["offline"] = [repr(error) for error in errors.exceptions]
    else:
        report["results"] = [finished.result() for finished in tasks]
    return report
