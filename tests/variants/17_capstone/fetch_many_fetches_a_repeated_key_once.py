"""fetch_many fetches each distinct key once and hands the value out to its repeats, in order."""

FAILS = {2}
BREAKS = "fetch-many-at-once"


async def fetch_many(address, keys):
    distinct = list(dict.fromkeys(keys))
    values = await asyncio.gather(*(fetch_one(address, key) for key in distinct))
    found = dict(zip(distinct, values, strict=True))
    return [found[key] for key in keys]
