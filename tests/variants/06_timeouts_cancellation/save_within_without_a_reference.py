"""Mistake: save_within shields the coroutine itself; the task shield makes for it is held by
nobody once the wait is over, so the garbage collector may destroy the save halfway."""

FAILS = {6}
BREAKS = "save-within-keeps-a-reference"


async def save_within(save, record, seconds):
    try:
        async with asyncio.timeout(seconds):
            await asyncio.shield(save(record))
    except TimeoutError:
        return False
    return True
