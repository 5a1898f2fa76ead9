"""fetch_capped gives each fetch asyncio.wait_for(..., timeout=5), a deadline the statement
does not set: a server slower than that makes it raise TimeoutError."""

FAILS = {3}
BREAKS = "fetch-capped-in-order"


async def fetch_capped(address, keys, limit):
    slots = asyncio.Semaphore(limit)

    async def capped(key):
        async with slots:
            return await asyncio.wait_for(fetch_one(address, key), timeout=5)

    return await asyncio.gather(*(capped(key) for key in keys))
