"""Mistake: run_all keeps its semaphore in a module dict keyed by the running loop and the
limit, so two run_all calls at once on one loop share one limit between them."""

import asyncio

FAILS = {4}
BREAKS = "run-all-next-as-one-ends"

_SEMAPHORES = {}


async def run_all(commands, limit):
    key = (id(asyncio.get_running_loop()), limit)
    slots = _SEMAPHORES.get(key)
    if slots is None:
        slots = _SEMAPHORES[key] = asyncio.Semaphore(limit)

    async def one(command):
        async with slots:
            return await output_of(command)

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(one(command)) for command in commands]
    return [task.result() for task in tasks]
