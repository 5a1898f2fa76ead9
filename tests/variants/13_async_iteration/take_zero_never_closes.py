"""take returns [] at once for n = 0 and never closes the generator it was handed."""

import contextlib

FAILS = {6}
BREAKS = "take-closes-before-return"


async def take(source, n):
    items = []
    if n <= 0:
        return items
    async with contextlib.aclosing(source) as numbers:
        async for item in numbers:
            items.append(item)
            if len(items) == n:
                break
    return items
