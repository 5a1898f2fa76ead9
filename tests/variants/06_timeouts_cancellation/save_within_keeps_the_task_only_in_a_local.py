"""Mistake: save_within keeps the save's task only in a local, gone once it returns."""

import asyncio

FAILS = {6}
BREAKS = "save-within-keeps-a-reference"


async def save_within(save, record, seconds):
    saving = asyncio.create_task(save(record))
    try:
        async with asyncio.timeout(seconds):
            await asyncio.shield(saving)
    except TimeoutError:
        return False
    return True
