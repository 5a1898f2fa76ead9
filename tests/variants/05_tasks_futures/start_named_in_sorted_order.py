"""Mistake: start_named starts the jobs in the sorted order of their names, not in jobs' order."""

import asyncio

FAILS = {2}
BREAKS = "start-named-returns-named-tasks-in-order"


def start_named(jobs):
    return [asyncio.create_task(jobs[name](), name=name) for name in sorted(jobs)]
