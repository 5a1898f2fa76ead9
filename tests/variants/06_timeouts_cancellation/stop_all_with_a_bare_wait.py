"""Mistake: stop_all waits with asyncio.wait(tasks), which raises ValueError for no tasks."""

FAILS = {3}
BREAKS = "stop-all-counts-cancelled"


async def stop_all(tasks):
    for job in tasks:
        job.cancel()
    await asyncio.wait(tasks)
    return sum(job.cancelled() for job in tasks)
