"""Mistake: start_service collects the workers' results as they finish, not in name order."""

import asyncio

FAILS = {2}
BREAKS = "service-results-in-name-order"


async def start_service(names, load_config, handle):
    ready = asyncio.Event()
    tasks = [asyncio.create_task(worker(name, ready, handle)) for name in names]
    await load_config()
    ready.set()
    return [await next_done for next_done in asyncio.as_completed(tasks)]
