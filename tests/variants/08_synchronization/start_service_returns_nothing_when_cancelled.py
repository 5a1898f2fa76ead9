"""Mistake: start_service, cancelled while the configuration loads, stops its workers and
returns an empty list."""

import asyncio

FAILS = {2}
BREAKS = "cancelled"


async def start_service(names, load_config, handle):
    ready = asyncio.Event()
    tasks = [asyncio.create_task(worker(name, ready, handle)) for name in names]
    try:
        await load_config()
    except asyncio.CancelledError:
        for task in tasks:
            task.cancel()
        return []
    ready.set()
    return await asyncio.gather(*tasks)
