"""select tests keep(item) without await: the coroutine object is always true."""

FAILS = {3}
BREAKS = "select-awaits-keep"


async def select(source, keep):
    return [item async for item in source if keep(item)]
