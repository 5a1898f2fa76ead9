"""Mistake: one event per worker, set one after the other, each worker awaited in turn."""

import asyncio

FAILS = {2}
BREAKS = "service-workers-start-at-once"


async def start_service(names, load_config, handle):
    events = [asyncio.Event() for _ in names]
    tasks = [
        asyncio.create_task(worker(name, event, handle))
        for name, event in zip(names, events, strict=True)
    ]
    await load_config()
    results = []
    for event, each in zip(events, tasks, strict=True):
        event.set()
        results.append(await each)
    return results
