"""Mistake: fetch_capped keeps its semaphore in a module dict keyed by the running loop and
the limit, so two fetch_capped calls at once on one loop share one limit between them."""

import asyncio

FAILS = {3}
BREAKS = "fetch-capped-next-at-once"

_SEMAPHORES = {}


async def fetch_capped(address, keys, limit):
    cache_key = (id(asyncio.get_running_loop()), limit)
    slots = _SEMAPHORES.get(cache_key)
    if slots is None:
        slots = _SEMAPHORES[cache_key] = asyncio.Semaphore(limit)

    async def one(key):
        async with slots:
            return await fetch_one(address, key)

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(one(key)) for key in keys]
    return [task.result() for task in tasks]
