"""spawn keeps the coroutine in background_tasks, not the task it started."""

import asyncio

FAILS = {3}
BREAKS = "spawn-keeps-a-strong-reference"


def spawn(coro):
    task = asyncio.create_task(coro)
    background_tasks.add(coro)
    task.add_done_callback(lambda _task: background_tasks.discard(coro))
    return task
