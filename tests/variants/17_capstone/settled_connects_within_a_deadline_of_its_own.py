"""fetch_settled gives each fetch 30 s of its own (asyncio.wait_for) inside the timeout it is
given: a deadline the statement does not set, however long."""

FAILS = {4}
BREAKS = "fetch-settled-own-timeouts"


async def fetch_settled(address, keys, timeout):
    async def within(key):
        async with asyncio.timeout(timeout):
            return await asyncio.wait_for(fetch_one(address, key), 30)

    return list(await asyncio.gather(*(within(key) for key in keys), return_exceptions=True))
