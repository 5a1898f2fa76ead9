"""take appends first and checks the count after: take(source, 0) asks for an item and keeps it."""

import contextlib

FAILS = {6}
BREAKS = "take-asks-no-more"


async def take(source, n):
    items = []
    async with contextlib.aclosing(source) as numbers:
        async for item in numbers:
            items.append(item)
            if len(items) >= n:
                break
    return items
