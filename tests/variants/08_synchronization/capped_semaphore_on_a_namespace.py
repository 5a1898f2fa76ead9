"""Mistake: fetch_capped keeps its semaphores on a module-level namespace object, keyed by
(loop, limit), so two calls at once on one loop share one cap (the shared-state rule sees only
which object such a global is, and the check of two calls at once sees the rest)."""

import asyncio
import types

FAILS = {5}
BREAKS = "capped-limit-per-call"

_cache = types.SimpleNamespace(semaphores={})


async def fetch_capped(urls, fetch, limit):
    key = (id(asyncio.get_running_loop()), limit)
    sem = _cache.semaphores.get(key)
    if sem is None:
        sem = _cache.semaphores[key] = asyncio.Semaphore(limit)

    async def one(url):
        async with sem:
            return await fetch(url)

    return list(await asyncio.gather(*(one(u) for u in urls)))
