"""fetch_many fetches set(keys) to skip repeats: the order is lost, a repeated key answered once."""

FAILS = {2}
BREAKS = "fetch-many-in-order"


async def fetch_many(address, keys):
    return await asyncio.gather(*(fetch_one(address, key) for key in set(keys)))
