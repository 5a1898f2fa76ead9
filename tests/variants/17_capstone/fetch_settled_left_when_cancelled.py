"""fetch_settled awaits its tasks one by one: cancelled while it waits for the first, it
leaves the other fetches running."""

import asyncio

FAILS = {4}
BREAKS = "left-running"


async def fetch_settled(address, keys, timeout):
    async def settle(key):
        try:
            return await asyncio.wait_for(fetch_one(address, key), timeout)
        except (FetchError, TimeoutError) as error:
            return error

    tasks = [asyncio.create_task(settle(key)) for key in keys]
    return [await t for t in tasks]
