"""Mistake: take returns at most 1024 items, whatever n is: a cap the statement never sets."""

import contextlib

FAILS = {6}
BREAKS = "take-first-n"


async def take(source, n):
    items = []
    async with contextlib.aclosing(source):
        if n > 0:
            async for item in source:
                items.append(item)
                if len(items) >= min(n, 1024):
                    break
    return items
