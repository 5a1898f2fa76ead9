"""read_all lets at most 8 reads run at once (a Semaphore of its own): the statement says all."""

FAILS = {6}
BREAKS = "read-at-once"


async def read_all(paths, read):
    limit = asyncio.Semaphore(8)

    async def one(path):
        async with limit:
            return await asyncio.to_thread(read, path)

    return list(await asyncio.gather(*(one(path) for path in paths)))
