"""start_service sets the event before the configuration is loaded."""

import asyncio

FAILS = {2}
BREAKS = "service-sets-the-event-after-loading"


async def start_service(names, load_config, handle):
    ready = asyncio.Event()
    ready.set()
    tasks = [asyncio.create_task(worker(name, ready, handle)) for name in names]
    await load_config()
    return await asyncio.gather(*tasks)
