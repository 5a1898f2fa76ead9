"""fetch_capped fetches in batches of `limit`, each batch waiting for its slowest key."""

FAILS = {3}
BREAKS = "fetch-capped-next-at-once"


async def fetch_capped(address, keys, limit):
    values = []
    for start in range(0, len(keys), limit):
        batch = keys[start : start + limit]
        values += await asyncio.gather(*(fetch_one(address, key) for key in batch))
    return values
