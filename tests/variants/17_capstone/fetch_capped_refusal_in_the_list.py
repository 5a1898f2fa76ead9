"""fetch_capped catches each fetch's FetchError and returns it in the list, in place of a value:
the caller gets a list that is not all values."""

FAILS = {3}
BREAKS = "fetch-capped-raises"


async def fetch_capped(address, keys, limit):
    slots = asyncio.Semaphore(limit)

    async def one(key):
        async with slots:
            try:
                return await fetch_one(address, key)
            except FetchError as error:
                return error

    return list(await asyncio.gather(*(one(key) for key in keys)))
