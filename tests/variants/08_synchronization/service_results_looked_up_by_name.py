"""Mistake: tasks in a dict keyed by name: a name listed twice gets one worker's result twice."""

import asyncio

FAILS = {2}
BREAKS = "service-results-in-name-order"


async def start_service(names, load_config, handle):
    ready = asyncio.Event()
    tasks = {name: asyncio.create_task(worker(name, ready, handle)) for name in names}
    await load_config()
    ready.set()
    await asyncio.gather(*tasks.values())
    return [tasks[name].result() for name in names]
