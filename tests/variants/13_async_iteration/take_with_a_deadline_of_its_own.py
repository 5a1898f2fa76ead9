"""Mistake: take waits for each item with asyncio.wait_for(anext(source), 30), a deadline
the statement never sets: a source slower than that ends take in TimeoutError."""

import contextlib

FAILS = {6}
BREAKS = "take-first-n"


async def take(source, n):
    items = []
    async with contextlib.aclosing(source):
        while len(items) < n:
            try:
                items.append(await asyncio.wait_for(anext(source), 30))
            except StopAsyncIteration:
                break
    return items
