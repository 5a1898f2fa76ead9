"""Mistake: save_within waits on the save itself, so the timeout cancels the save halfway."""

import asyncio

FAILS = {6}
BREAKS = "save-within-false-on-timeout"


async def save_within(save, record, seconds):
    try:
        await asyncio.wait_for(save(record), seconds)
    except TimeoutError:
        return False
    return True
