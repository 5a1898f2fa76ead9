"""Mistake: select, cancelled while keep(item) runs, returns the items kept so far."""

import asyncio

FAILS = {3}
BREAKS = "cancelled"


async def select(source, keep):
    kept = []
    try:
        async for item in source:
            if await keep(item):
                kept.append(item)
    except asyncio.CancelledError:
        pass
    return kept
