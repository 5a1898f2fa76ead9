"""fetch_capped's workers pop keys off the caller's list: it returns with the list emptied."""

FAILS = {3}
BREAKS = "fetch-capped-in-order"


async def fetch_capped(address, keys, limit):
    values = {}
    count = len(keys)

    async def worker():
        while keys:
            index = count - len(keys)
            key = keys.pop(0)
            values[index] = await fetch_one(address, key)

    await asyncio.gather(*(worker() for _ in range(limit)))
    return [values[index] for index in range(count)]
