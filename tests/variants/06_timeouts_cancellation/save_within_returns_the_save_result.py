"""Mistake: save_within returns what save() returned instead of True when it finished in time."""

FAILS = {6}
BREAKS = "save-within-true-when-quick"

_saves_in_flight = set()


async def save_within(save, record, seconds):
    saving = asyncio.create_task(save(record))
    _saves_in_flight.add(saving)
    saving.add_done_callback(_saves_in_flight.discard)
    try:
        async with asyncio.timeout(seconds):
            return await asyncio.shield(saving)
    except TimeoutError:
        return False
