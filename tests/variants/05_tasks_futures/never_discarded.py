"""spawn keeps every task forever: background_tasks never lets go (a leak)."""

import asyncio

FAILS = {3}


def spawn(coro):
    task = asyncio.create_task(coro)
    background_tasks.add(task)
    return task
