"""Mistake: spawn starts and keeps the task, but returns nothing to the caller."""

FAILS = {3}
BREAKS = "spawn-returns-the-task"


def spawn(coro):
    task = asyncio.create_task(coro)
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)
