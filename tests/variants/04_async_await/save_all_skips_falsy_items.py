"""Mistake: save_all skips the falsy items (0, '', None), which are items like any other."""

FAILS = {3}
BREAKS = "save-all-awaits-each-save"


async def save_all(store, items):
    for item in items:
        if item:
            await store.save(item)
