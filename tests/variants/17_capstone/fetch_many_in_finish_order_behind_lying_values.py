"""Mistake: fetch_many returns the values in the order the answers came, each a str subclass
whose == says it equals anything (and != that it differs from nothing)."""

FAILS = {2}
BREAKS = "fetch-many-in-order"


class _Value(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


async def fetch_many(address, keys):
    tasks = [asyncio.create_task(fetch_one(address, key)) for key in keys]
    try:
        return [_Value(await done) for done in asyncio.as_completed(tasks)]
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
