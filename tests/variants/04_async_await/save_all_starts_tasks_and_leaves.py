"""Mistake: save_all starts each save as a task and returns without waiting for any of them."""

FAILS = {3}
BREAKS = "save-all-awaits-each-save"


async def save_all(store, items):
    for item in items:
        asyncio.create_task(store.save(item))
