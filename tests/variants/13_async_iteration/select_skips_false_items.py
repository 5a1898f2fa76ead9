"""select tests the item before keep (`if item and await keep(item)`): 0, '' and None are lost."""

FAILS = {3}
BREAKS = "select-keeps-every-accepted"


async def select(source, keep):
    return [item async for item in source if item and await keep(item)]
