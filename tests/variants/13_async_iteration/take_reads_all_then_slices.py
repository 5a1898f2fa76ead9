"""take reads the whole source, then slices: an endless source never ends."""

import contextlib

FAILS = {6}
BREAKS = "take-asks-no-more"


async def take(source, n):
    async with contextlib.aclosing(source):
        return [item async for item in source][:n]
