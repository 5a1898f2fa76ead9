"""Mistake: save_within returns False on a timeout, but falls off the end (None) when saved."""

FAILS = {6}
BREAKS = "save-within-true-when-quick"


async def save_within(save, record, seconds):
    saving = asyncio.create_task(save(record))
    _saves_in_flight.add(saving)
    saving.add_done_callback(_saves_in_flight.discard)
    try:
        async with asyncio.timeout(seconds):
            await asyncio.shield(saving)
    except TimeoutError:
        return False
