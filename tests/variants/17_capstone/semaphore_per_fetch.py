"""A cap that does not cap: each fetch makes a Semaphore of its own."""

FAILS = {3}
BREAKS = "fetch-capped-never-above-limit"


async def fetch_capped(address, keys, limit):
    async def capped(key):
        async with asyncio.Semaphore(limit):
            return await fetch_one(address, key)

    return await asyncio.gather(*(capped(key) for key in keys))
