"""Mistake: await_pool returns a tuple, not the list the statement asks for."""

FAILS = {5}
BREAKS = "await-pool-results-in-order"


async def await_pool(futures):
    return tuple(await asyncio.gather(*(asyncio.wrap_future(future) for future in futures)))
