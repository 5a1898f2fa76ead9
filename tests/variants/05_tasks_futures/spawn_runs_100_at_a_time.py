"""Mistake: spawn lets at most 100 jobs run at once (a semaphore per loop); the others wait
for a free slot, a cap the statement never sets."""

import asyncio

FAILS = {3}
BREAKS = "spawn-returns-the-task"

slots = {}  # event loop: its semaphore


def spawn(coro):
    loop = asyncio.get_running_loop()
    slot = slots.setdefault(loop, asyncio.Semaphore(100))

    async def limited():
        async with slot:
            return await coro

    started = asyncio.create_task(limited())
    background_tasks.add(started)
    started.add_done_callback(background_tasks.discard)
    return started
