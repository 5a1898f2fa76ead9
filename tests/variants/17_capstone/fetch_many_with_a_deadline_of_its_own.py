"""fetch_many waits for the gather with asyncio.wait_for(..., 5), a deadline the statement
does not set: a server slower than that makes it raise TimeoutError."""

FAILS = {2}
BREAKS = "fetch-many-in-order"


async def fetch_many(address, keys):
    fetches = asyncio.gather(*(fetch_one(address, key) for key in keys))
    return await asyncio.wait_for(fetches, 5)
