"""fetch_settled gives each key 0.1 s whatever `timeout` it is given."""

FAILS = {4}
BREAKS = "fetch-settled-own-timeouts"


async def fetch_settled(address, keys, timeout):
    async def within(key):
        async with asyncio.timeout(0.1):
            return await fetch_one(address, key)

    return await asyncio.gather(*(within(key) for key in keys), return_exceptions=True)
