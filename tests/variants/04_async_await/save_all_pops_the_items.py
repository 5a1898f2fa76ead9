"""Mistake: save_all pops each item off the caller's list, which is empty afterwards."""

FAILS = {3}
BREAKS = "save-all-leaves-items-alone"


async def save_all(store, items):
    while items:
        await store.save(items.pop(0))
