"""select reads the async iterable with a plain for."""

FAILS = {3}
BREAKS = "select-any-async-iterable"


async def select(source, keep):
    return [item for item in source if await keep(item)]
