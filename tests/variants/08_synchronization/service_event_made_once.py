"""Mistake: start_service uses one module-level Event, still set from its previous call."""

import asyncio

_READY = asyncio.Event()

FAILS = {2}
BREAKS = "service-sets-the-event-after-loading"


async def start_service(names, load_config, handle):
    tasks = [asyncio.create_task(worker(name, _READY, handle)) for name in names]
    await load_config()
    _READY.set()
    return await asyncio.gather(*tasks)
