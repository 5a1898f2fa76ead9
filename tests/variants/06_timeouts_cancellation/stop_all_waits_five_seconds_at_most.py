"""Mistake: stop_all waits at most 5 s, so a task with a longer cleanup is left running."""

import asyncio

FAILS = {3}
BREAKS = "stop-all-cancels-and-waits-together"


async def stop_all(tasks):
    if not tasks:
        return 0
    for job in tasks:
        job.cancel()
    await asyncio.wait(tasks, timeout=5)
    return sum(job.cancelled() for job in tasks)
