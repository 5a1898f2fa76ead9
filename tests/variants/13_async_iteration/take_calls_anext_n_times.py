"""take calls anext(source) n times: a source shorter than n lets StopAsyncIteration out."""

import contextlib

FAILS = {6}
BREAKS = "take-first-n"


async def take(source, n):
    items = []
    async with contextlib.aclosing(source):
        for _ in range(n):
            items.append(await anext(source))
    return items
