"""Mistake: the await sits after the loop (one indent too few): only the last save is awaited."""

FAILS = {3}
BREAKS = "save-all-awaits-each-save"


async def save_all(store, items):
    saving = None
    for item in items:
        saving = store.save(item)
    if saving is not None:
        await saving
