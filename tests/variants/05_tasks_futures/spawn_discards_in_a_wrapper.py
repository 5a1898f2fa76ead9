"""Mistake: spawn's wrapper discards the task in a finally block, which never runs when the
task is cancelled before it starts: that task stays in background_tasks for ever."""

FAILS = {3}
BREAKS = "spawn-discards-when-done"


def spawn(coro):
    async def run_then_forget():
        try:
            return await coro
        finally:
            background_tasks.discard(asyncio.current_task())

    task = asyncio.create_task(run_then_forget())
    background_tasks.add(task)
    return task
