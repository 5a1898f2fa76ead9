"""Mistake: start_named names each task after its function (job.__name__), not its key."""

FAILS = {2}
BREAKS = "start-named-returns-named-tasks-in-order"


def start_named(jobs):
    return [asyncio.create_task(job(), name=job.__name__) for job in jobs.values()]
