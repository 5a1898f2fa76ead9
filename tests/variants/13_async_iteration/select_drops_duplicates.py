"""select keeps an accepted item only the first time it comes (dict.fromkeys drops repeats)."""

FAILS = {3}
BREAKS = "select-keeps-every-accepted"


async def select(source, keep):
    return list(dict.fromkeys([item async for item in source if await keep(item)]))
