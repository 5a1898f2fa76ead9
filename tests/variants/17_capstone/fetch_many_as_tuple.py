"""fetch_many returns its values as a tuple."""

FAILS = {2}
BREAKS = "fetch-many-in-order"


async def fetch_many(address, keys):
    return tuple(await asyncio.gather(*(fetch_one(address, key) for key in keys)))
