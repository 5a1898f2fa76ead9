"""Mistake: stop_all cancels the tasks and returns at once, before they have cleaned up."""

FAILS = {3}
BREAKS = "stop-all-cancels-and-waits-together"


async def stop_all(tasks):
    for job in tasks:
        job.cancel()
    return sum(job.cancelled() for job in tasks)
