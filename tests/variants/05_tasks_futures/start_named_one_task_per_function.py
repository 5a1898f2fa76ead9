"""Mistake: start_named groups the jobs by their function, so two keys sharing one function
start a single task, named after the last of those keys."""

FAILS = {2}
BREAKS = "start-named-returns-named-tasks-in-order"


def start_named(jobs):
    by_function = {}
    for name, job in jobs.items():
        by_function[job] = name
    return [asyncio.create_task(job(), name=name) for job, name in by_function.items()]
