"""Mistake: with no paths it returns None instead of an empty list."""

import asyncio

FAILS = {6}
BREAKS = "read-results-in-order"


async def read_all(paths, read):
    if not paths:
        return None
    return list(await asyncio.gather(*(asyncio.to_thread(read, path) for path in paths)))
