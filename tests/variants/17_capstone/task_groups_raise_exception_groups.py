"""Correct: fetch_many and fetch_capped in TaskGroups (a refusal comes out in an
ExceptionGroup), fetch_capped as a pool of workers over one shared iterator."""

FAILS = set()


async def fetch_many(address, keys):
    async with asyncio.TaskGroup() as group:
        fetches = [group.create_task(fetch_one(address, key)) for key in keys]
    return [fetch.result() for fetch in fetches]


async def fetch_capped(address, keys, limit):
    values = [None] * len(keys)
    todo = iter(enumerate(keys))

    async def worker():
        for index, key in todo:
            values[index] = await fetch_one(address, key)

    async with asyncio.TaskGroup() as group:
        for _ in range(min(limit, len(keys))):
            group.create_task(worker())
    return values
