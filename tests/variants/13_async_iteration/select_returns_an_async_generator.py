"""select returns an async generator expression instead of the list of kept items."""

FAILS = {3}
BREAKS = "select-returns-a-list"


async def select(source, keep):
    return (item async for item in source if await keep(item))
