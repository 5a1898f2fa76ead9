"""await_pool waits once for each distinct future: the same future twice gives one result."""

FAILS = {5}
BREAKS = "await-pool-results-in-order"


async def await_pool(futures):
    distinct = list(dict.fromkeys(futures))
    return list(await asyncio.gather(*(asyncio.wrap_future(job) for job in distinct)))
