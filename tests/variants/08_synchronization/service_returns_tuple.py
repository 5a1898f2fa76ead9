"""Mistake: start_service returns a tuple of results, not a list."""

import asyncio

FAILS = {2}
BREAKS = "service-results-in-name-order"


async def start_service(names, load_config, handle):
    ready = asyncio.Event()
    tasks = [asyncio.create_task(worker(name, ready, handle)) for name in names]
    await load_config()
    ready.set()
    return tuple(await asyncio.gather(*tasks))
