"""Mistake: spawn makes background_tasks a new set holding the old tasks and the new one, so
whoever kept the module's set sees none of the tasks it spawns."""

import asyncio

FAILS = {3}
BREAKS = "spawn-keeps-a-strong-reference"


def spawn(coro):
    global background_tasks
    task = asyncio.create_task(coro)
    background_tasks = background_tasks | {task}
    task.add_done_callback(lambda done: background_tasks.discard(done))
    return task
