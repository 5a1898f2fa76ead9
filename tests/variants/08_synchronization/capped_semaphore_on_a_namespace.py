"""Mistake: fetch_capped keeps its semaphores on a namespace in a dict that a closure holds,
keyed by (loop, limit), so two calls at once on one loop share one cap."""

import asyncio
import types

FAILS = {5}
BREAKS = "shared-state"


def _capped_on_one_cache():
    hidden = {"cache": types.SimpleNamespace(semaphores={})}

    async def fetch_capped(urls, fetch, limit):
        cache = hidden["cache"]
        key = (id(asyncio.get_running_loop()), limit)
        sem = cache.semaphores.get(key)
        if sem is None:
            sem = cache.semaphores[key] = asyncio.Semaphore(limit)

        async def one(url):
            async with sem:
                return await fetch(url)

        async with asyncio.TaskGroup() as group:  # cancelled, it waits for the fetches
            tasks = [group.create_task(one(url)) for url in urls]
        return [task.result() for task in tasks]

    return fetch_capped


fetch_capped = _capped_on_one_cache()
