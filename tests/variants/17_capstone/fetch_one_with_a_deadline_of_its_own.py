"""fetch_one gives up after asyncio.timeout(10), a deadline the statement does not set: a
server slower than that makes it raise TimeoutError."""

FAILS = {1}
BREAKS = "fetch-one-request"

_fetch_one_without_deadline = fetch_one


async def fetch_one(address, key):
    async with asyncio.timeout(10):
        return await _fetch_one_without_deadline(address, key)
