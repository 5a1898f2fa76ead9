"""take returns its items as a tuple."""

import contextlib

FAILS = {6}
BREAKS = "take-first-n"


async def take(source, n):
    items = []
    async with contextlib.aclosing(source) as numbers:
        if n > 0:
            async for item in numbers:
                items.append(item)
                if len(items) == n:
                    break
    return tuple(items)
