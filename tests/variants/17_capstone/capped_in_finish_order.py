"""fetch_capped collects the values in the order the answers come (as_completed)."""

FAILS = {3}
BREAKS = "fetch-capped-in-order"


async def fetch_capped(address, keys, limit):
    slots = asyncio.Semaphore(limit)

    async def capped(key):
        async with slots:
            return await fetch_one(address, key)

    return [await value for value in asyncio.as_completed([capped(key) for key in keys])]
