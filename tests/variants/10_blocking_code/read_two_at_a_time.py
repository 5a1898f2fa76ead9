"""Mistake: a semaphore of its own lets only two reads run at once, not all of them."""

import asyncio

FAILS = {6}
BREAKS = "read-at-once"


async def read_all(paths, read):
    gate = asyncio.Semaphore(2)

    async def read_one(path):
        async with gate:
            return await asyncio.to_thread(read, path)

    return list(await asyncio.gather(*(read_one(path) for path in paths)))
