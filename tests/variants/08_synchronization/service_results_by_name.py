"""Mistake: the worker tasks are kept in a dict keyed by name.

A name listed twice gets one worker and one result: the list is shorter than names.
"""

import asyncio

FAILS = {2}
BREAKS = "service-results-in-name-order"


async def start_service(names, load_config, handle):
    ready = asyncio.Event()
    tasks = {name: asyncio.create_task(worker(name, ready, handle)) for name in names}
    await load_config()
    ready.set()
    return [await tasks[name] for name in tasks]
