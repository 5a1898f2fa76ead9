"""Mistake: fetch_capped keeps its semaphore in a module dict keyed by (loop, limit), so
two calls at once on one loop share one cap."""

import asyncio

FAILS = {5}
BREAKS = "shared-state"

_sems = {}


async def fetch_capped(urls, fetch, limit):
    key = (id(asyncio.get_running_loop()), limit)
    sem = _sems.get(key)
    if sem is None:
        sem = _sems[key] = asyncio.Semaphore(limit)

    async def one(url):
        async with sem:
            return await fetch(url)

    return list(await asyncio.gather(*(one(u) for u in urls)))
