"""Mistake: fetch_capped keeps its semaphores on a module-level namespace object, keyed by
(loop, limit), so two calls at once on one loop share one cap (the shared-state rule sees only
which object such a global is, and the check of two calls at once sees the rest)."""

import asyncio
import types

FAILS = {5}
BREAKS = "capped-limit-per-call"

_cache = types.SimpleNamespace()


async def fetch_capped(urls, fetch, limit):
    name = f"sem_{id(asyncio.get_running_loop())}_{limit}"
    sem = getattr(_cache, name, None)
    if sem is None:
        sem = asyncio.Semaphore(limit)
        setattr(_cache, name, sem)

    async def one(url):
        async with sem:
            return await fetch(url)

    return list(await asyncio.gather(*(one(u) for u in urls)))
