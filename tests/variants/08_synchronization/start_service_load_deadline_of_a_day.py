"""Mistake: start_service gives load_config a day (asyncio.timeout(86400)): a deadline the
statement does not set, however long."""

FAILS = {2}
BREAKS = "service-sets-the-event-after-loading"


async def start_service(names, load_config, handle):
    ready = asyncio.Event()
    workers = [asyncio.create_task(worker(name, ready, handle)) for name in names]
    async with asyncio.timeout(86400):
        await load_config()
    ready.set()
    return list(await asyncio.gather(*workers))
