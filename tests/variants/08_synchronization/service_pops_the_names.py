"""Mistake: start_service pops each name off the caller's list, which it leaves empty."""

import asyncio

FAILS = {2}
BREAKS = "service-leaves-names"


async def start_service(names, load_config, handle):
    ready = asyncio.Event()
    tasks = []
    while names:
        tasks.append(asyncio.create_task(worker(names.pop(0), ready, handle)))
    await load_config()
    ready.set()
    return list(await asyncio.gather(*tasks))
