"""Mistake: start_service drops the workers' None results."""

FAILS = {2}
BREAKS = "service-results-in-name-order"


async def start_service(names, load_config, handle):
    ready = asyncio.Event()
    tasks = [asyncio.create_task(worker(n, ready, handle)) for n in names]
    await load_config()
    ready.set()
    results = await asyncio.gather(*tasks)
    return [r for r in results if r is not None]
