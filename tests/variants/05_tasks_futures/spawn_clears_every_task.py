"""Mistake: when a spawned task ends, it clears the whole set, dropping the others' references."""

FAILS = {3}
BREAKS = "spawn-keeps-a-strong-reference"


def spawn(coro):
    task = asyncio.create_task(coro)
    background_tasks.add(task)
    task.add_done_callback(lambda _: background_tasks.clear())
    return task
