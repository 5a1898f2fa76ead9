"""Mistake: with no names it returns None instead of an empty list."""

import asyncio

FAILS = {2}
BREAKS = "service-results-in-name-order"


async def start_service(names, load_config, handle):
    if not names:
        return None
    ready = asyncio.Event()
    tasks = [asyncio.create_task(worker(name, ready, handle)) for name in names]
    await load_config()
    ready.set()
    return list(await asyncio.gather(*tasks))
