"""fetch_many awaits one fetch after another."""

FAILS = {2}


async def fetch_many(address, keys):
    return [await fetch_one(address, key) for key in keys]
