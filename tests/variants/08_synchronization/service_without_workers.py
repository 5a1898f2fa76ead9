"""Mistake: start_service loads the config, then handles every name itself: no worker, no event."""

import asyncio

FAILS = {2}
BREAKS = "service-starts-workers-before-loading"


async def start_service(names, load_config, handle):
    await load_config()
    return await asyncio.gather(*(handle(name) for name in names))
