"""fetch_many awaits one fetch after another."""

FAILS = {2}
BREAKS = "fetch-many-at-once"


async def fetch_many(address, keys):
    return [await fetch_one(address, key) for key in keys]
