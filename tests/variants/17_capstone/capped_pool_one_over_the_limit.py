"""fetch_capped keeps its own pool and waits only when more than limit run: limit + 1 at once."""

FAILS = {3}
BREAKS = "fetch-capped-never-above-limit"


async def fetch_capped(address, keys, limit):
    running = set()
    fetches = []
    for key in keys:
        if len(running) > limit:
            _, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
        fetch = asyncio.create_task(fetch_one(address, key))
        running.add(fetch)
        fetches.append(fetch)
    return list(await asyncio.gather(*fetches))
