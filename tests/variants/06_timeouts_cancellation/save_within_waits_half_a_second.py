"""Mistake: save_within always waits 0.5 s, the example's value, whatever ``seconds`` is."""

import asyncio

FAILS = {6}
BREAKS = "save-within-true-when-quick"

_saving = set()


async def save_within(save, record, seconds):
    task = asyncio.create_task(save(record))
    _saving.add(task)
    task.add_done_callback(_saving.discard)
    try:
        async with asyncio.timeout(0.5):
            await asyncio.shield(task)
    except TimeoutError:
        return False
    return True
