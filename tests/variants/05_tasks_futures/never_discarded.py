"""spawn keeps every task forever: background_tasks never lets go (a leak)."""

import asyncio

FAILS = {3}
BREAKS = "spawn-discards-when-done"


def spawn(coro):
    task = asyncio.create_task(coro)
    background_tasks.add(task)
    return task
