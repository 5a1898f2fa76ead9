"""select keeps an item only when keep gives exactly True, not any true value."""

FAILS = {3}
BREAKS = "select-awaits-keep"


async def select(source, keep):
    return [item async for item in source if await keep(item) is True]
