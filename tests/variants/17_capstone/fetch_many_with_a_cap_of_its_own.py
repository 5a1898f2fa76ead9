"""fetch_many holds its fetches with an asyncio.Semaphore(8) of its own: the statement says
every key at once, so of its many keys only 8 are ever in flight."""

FAILS = {2}
BREAKS = "fetch-many-at-once"


async def fetch_many(address, keys):
    slots = asyncio.Semaphore(8)

    async def capped(key):
        async with slots:
            return await fetch_one(address, key)

    return await asyncio.gather(*(capped(key) for key in keys))
