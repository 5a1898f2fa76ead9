"""Mistake: take, cancelled while it waits for items, returns as if it had taken them."""

import asyncio

FAILS = {4}
BREAKS = "cancelled"


async def take(shelf, condition, count):
    async with condition:
        try:
            await condition.wait_for(lambda: shelf.items >= count)
        except asyncio.CancelledError:
            return
        shelf.items -= count
