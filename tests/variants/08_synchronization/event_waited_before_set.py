"""start_service waits for the workers before setting the event: a deadlock."""

import asyncio

FAILS = {2}
BREAKS = "service-sets-the-event-after-loading"


async def start_service(names, load_config, handle):
    ready = asyncio.Event()
    tasks = [asyncio.create_task(worker(name, ready, handle)) for name in names]
    await load_config()
    results = await asyncio.gather(*tasks)
    ready.set()
    return results
