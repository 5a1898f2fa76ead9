"""fetch_settled fetches the keys in batches of 10: the statement says every key at once."""

FAILS = {4}
BREAKS = "fetch-settled-own-timeouts"


async def fetch_settled(address, keys, timeout):
    async def within(key):
        async with asyncio.timeout(timeout):
            return await fetch_one(address, key)

    outcomes = []
    for start in range(0, len(keys), 10):
        batch = keys[start : start + 10]
        outcomes += await asyncio.gather(*(within(key) for key in batch), return_exceptions=True)
    return outcomes
