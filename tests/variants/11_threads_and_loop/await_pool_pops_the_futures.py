"""Mistake: await_pool pops the futures off the caller's list as it awaits them, leaving the
list empty (the suite's own cleanup used that list and crashed, hiding this)."""

FAILS = {5}
BREAKS = "await-pool-leaves-futures"


async def await_pool(futures):
    results = []
    while futures:
        results.append(await asyncio.wrap_future(futures.pop(0)))
    return results
