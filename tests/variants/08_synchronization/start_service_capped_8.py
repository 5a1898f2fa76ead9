"""Mistake: start_service lets at most 8 workers run at once (a Semaphore(8) of its own)."""

FAILS = {2}
BREAKS = "service-workers-start-at-once"


async def start_service(names, load_config, handle):
    ready = asyncio.Event()
    cap = asyncio.Semaphore(8)

    async def capped(n):
        async with cap:
            return await worker(n, ready, handle)

    tasks = [asyncio.create_task(capped(n)) for n in names]
    await load_config()
    ready.set()
    return list(await asyncio.gather(*tasks))
