"""Mistake: spawn's done callback discards the task only when it was not cancelled."""

import asyncio

FAILS = {3}
BREAKS = "spawn-discards-when-done"


def spawn(coro):
    task = asyncio.create_task(coro)
    background_tasks.add(task)
    task.add_done_callback(lambda done: done.cancelled() or background_tasks.discard(done))
    return task
