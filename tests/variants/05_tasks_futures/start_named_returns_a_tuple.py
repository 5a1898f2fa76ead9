"""Mistake: start_named returns a tuple of tasks where the statement asks for a list."""

FAILS = {2}
BREAKS = "start-named-returns-named-tasks-in-order"


def start_named(jobs):
    return tuple(asyncio.create_task(job(), name=name) for name, job in jobs.items())
