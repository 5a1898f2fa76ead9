"""take checks the count before appending, so it asks the generator for one item too many."""

import contextlib

FAILS = {6}
BREAKS = "take-asks-no-more"


async def take(source, n):
    items = []
    async with contextlib.aclosing(source) as numbers:
        async for item in numbers:
            if len(items) == n:
                break
            items.append(item)
    return items
