"""start_service with no finally: cancelled while the config loads, its workers wait on
the event for ever."""

import asyncio

FAILS = {2}
BREAKS = "left-running"


async def start_service(names, load_config, handle):
    ready = asyncio.Event()
    tasks = [asyncio.create_task(worker(name, ready, handle)) for name in names]
    await load_config()
    ready.set()
    return await asyncio.gather(*tasks)
