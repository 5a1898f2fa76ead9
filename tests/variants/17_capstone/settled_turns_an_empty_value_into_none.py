"""fetch_settled returns ``outcome or None`` for each key: a key whose value is '' gives None."""

FAILS = {4}
BREAKS = "fetch-settled-outcomes-in-place"


async def fetch_settled(address, keys, timeout):
    async def within(key):
        async with asyncio.timeout(timeout):
            return await fetch_one(address, key)

    outcomes = await asyncio.gather(*(within(key) for key in keys), return_exceptions=True)
    return [outcome or None for outcome in outcomes]
