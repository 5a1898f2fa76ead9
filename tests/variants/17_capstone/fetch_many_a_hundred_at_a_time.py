"""fetch_many holds its fetches with an asyncio.Semaphore(100) of its own: a cap that looks
like no cap, yet the statement says every key at once."""

FAILS = {2}
BREAKS = "fetch-many-at-once"


async def fetch_many(address, keys):
    slots = asyncio.Semaphore(100)

    async def capped(key):
        async with slots:
            return await fetch_one(address, key)

    return await asyncio.gather(*(capped(key) for key in keys))
