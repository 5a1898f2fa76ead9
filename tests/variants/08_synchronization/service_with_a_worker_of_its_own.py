"""Mistake: start_service starts tasks of a nested coroutine of its own, not of worker."""

import asyncio

FAILS = {2}
BREAKS = "service-starts-workers-before-loading"


async def start_service(names, load_config, handle):
    ready = asyncio.Event()

    async def one(name):
        await ready.wait()
        return await handle(name)

    tasks = [asyncio.create_task(one(name)) for name in names]
    await load_config()
    ready.set()
    return await asyncio.gather(*tasks)
