"""Mistake: save_all saves each distinct item once, so an item listed twice is saved once."""

FAILS = {3}
BREAKS = "save-all-awaits-each-save"


async def save_all(store, items):
    for item in dict.fromkeys(items):
        await store.save(item)
