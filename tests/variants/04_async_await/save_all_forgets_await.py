"""The given mistake: save_all calls store.save(item) without await, so nothing is saved."""

FAILS = {3}
BREAKS = "save-all-awaits-each-save"


async def save_all(store, items):
    for item in items:
        store.save(item)
