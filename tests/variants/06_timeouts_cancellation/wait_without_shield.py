"""Mistake for task 6 only: asyncio.wait keeps the save alive too, but the task asks for shield."""

import asyncio

_saves = set()

FAILS = {6}
BREAKS = "save-within-uses-shield"


async def save_within(save, record, seconds):
    job = asyncio.create_task(save(record))
    _saves.add(job)
    job.add_done_callback(_saves.discard)
    done, _ = await asyncio.wait({job}, timeout=seconds)
    return job in done
