"""Mistake: save_all saves the items sorted, not in the order of items."""

FAILS = {3}
BREAKS = "save-all-one-after-another"


async def save_all(store, items):
    for item in sorted(items):
        await store.save(item)
