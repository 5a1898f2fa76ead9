"""spawn's wrapper forgets the task only when the coroutine returns, not when it raises."""

import asyncio

FAILS = {3}
BREAKS = "spawn-discards-when-done"


def spawn(coro):
    async def run_then_forget():
        result = await coro
        background_tasks.discard(asyncio.current_task())
        return result

    task = asyncio.create_task(run_then_forget())
    background_tasks.add(task)
    return task
