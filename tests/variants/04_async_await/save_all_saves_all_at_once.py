"""Mistake: save_all gathers every save, so the store gets all of them at once, not in turn."""

FAILS = {3}
BREAKS = "save-all-one-after-another"


async def save_all(store, items):
    await asyncio.gather(*(store.save(item) for item in items))
