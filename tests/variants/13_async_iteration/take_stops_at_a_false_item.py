"""Mistake: take reads with anext(source, None) and stops at the first false item, taking
0, '' or None for the end of the source."""

import contextlib

FAILS = {6}
BREAKS = "take-first-n"


async def take(source, n):
    items = []
    async with contextlib.aclosing(source):
        while len(items) < n:
            item = await anext(source, None)
            if not item:
                break
            items.append(item)
    return items
