"""Mistake: put waits at most a minute for the condition's lock, a limit of its own."""

import asyncio

FAILS = {4}
BREAKS = "put-adds-and-wakes-every-taker"


async def put(shelf, condition, count):
    async with asyncio.timeout(60):
        async with condition:
            shelf.items += count
            condition.notify_all()
