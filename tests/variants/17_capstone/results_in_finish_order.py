"""fetch_many collects the values in the order the answers come (as_completed)."""

FAILS = {2}
BREAKS = "fetch-many-in-order"


async def fetch_many(address, keys):
    return [await done for done in asyncio.as_completed([fetch_one(address, k) for k in keys])]
