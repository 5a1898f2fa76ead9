"""Mistake: await_pool waits with asyncio.wait, which raises ValueError for no futures at
all, instead of returning [] for an empty list."""

FAILS = {5}
BREAKS = "await-pool-results-in-order"


async def await_pool(futures):
    wrapped = [asyncio.wrap_future(future) for future in futures]
    await asyncio.wait(wrapped)
    return [each.result() for each in wrapped]
