"""Mistake: start_service gives load_config() 30 s (wait_for), then sets the event anyway."""

import contextlib

FAILS = {2}
BREAKS = "service-sets-the-event-after-loading"


async def start_service(names, load_config, handle):
    ready = asyncio.Event()
    tasks = [asyncio.create_task(worker(n, ready, handle)) for n in names]
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(load_config(), 30)
    ready.set()
    return list(await asyncio.gather(*tasks))
