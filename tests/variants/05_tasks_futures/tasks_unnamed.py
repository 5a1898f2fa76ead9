"""start_named starts the tasks but forgets to name them."""

import asyncio

FAILS = {2}
BREAKS = "start-named-returns-named-tasks-in-order"


def start_named(jobs):
    return [asyncio.create_task(job()) for job in jobs.values()]
