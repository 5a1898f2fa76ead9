"""select returns the kept items as a tuple."""

FAILS = {3}
BREAKS = "select-returns-a-list"


async def select(source, keep):
    return tuple([item async for item in source if await keep(item)])
