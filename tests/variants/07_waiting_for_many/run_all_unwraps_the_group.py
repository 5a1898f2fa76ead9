"""Mistake: the ExceptionGroup is caught and its first error raised alone.

The statement says to let the group's ExceptionGroup propagate; unwrapping it hides every
other error and changes the type the caller must handle.
"""

import asyncio

FAILS = {5}
BREAKS = "run-all-failure-raises-group"


async def run_all(jobs):
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except ExceptionGroup as errors:
        raise errors.exceptions[0] from None
    return [finished.result() for finished in tasks]
