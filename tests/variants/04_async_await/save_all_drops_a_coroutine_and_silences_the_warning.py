"""Mistake: save_all calls store.save(item) once more without awaiting it, and tells the
warnings module to ignore RuntimeWarning, so that "never awaited" is never printed."""

import warnings

FAILS = {3}
BREAKS = "save-all-awaits-each-save"


async def save_all(store, items):
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    for item in items:
        store.save(item)
        await store.save(item)
