"""Mistake: save_within shields the save but swallows its own caller's cancellation."""

import asyncio

_saves = set()

FAILS = {6}
BREAKS = "save-within-caller-cancel"


async def save_within(save, record, seconds):
    job = asyncio.create_task(save(record))
    _saves.add(job)
    job.add_done_callback(_saves.discard)
    try:
        async with asyncio.timeout(seconds):
            await asyncio.shield(job)
    except (TimeoutError, asyncio.CancelledError):
        return False
    return True
