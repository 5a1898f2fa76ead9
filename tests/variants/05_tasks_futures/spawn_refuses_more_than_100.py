"""Mistake: spawn refuses to start more than 100 background tasks at once, a cap the
statement never sets."""

import asyncio

FAILS = {3}
BREAKS = "spawn-returns-the-task"

MAX_BACKGROUND = 100


def spawn(coro):
    if len(background_tasks) >= MAX_BACKGROUND:
        coro.close()
        raise RuntimeError("too many background tasks")
    started = asyncio.create_task(coro)
    background_tasks.add(started)
    started.add_done_callback(background_tasks.discard)
    return started
