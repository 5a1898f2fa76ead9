"""Mistake: fetch_settled keeps whatever ends a key, BaseException too, in the list: its own
cancellation, met while it waits, becomes an outcome and it returns."""

import asyncio

FAILS = {4}
BREAKS = "cancelled"


async def fetch_settled(address, keys, timeout):
    async def within(key):
        async with asyncio.timeout(timeout):
            return await fetch_one(address, key)

    tasks = [asyncio.create_task(within(key)) for key in keys]
    outcomes = []
    for task in tasks:
        try:
            outcomes.append(await task)
        except BaseException as error:
            outcomes.append(error)
    return outcomes
