"""await_pool leaves out the jobs that returned None: every job's result is in the list."""

FAILS = {5}
BREAKS = "await-pool-results-in-order"

_await_pool = await_pool


async def await_pool(futures):
    return [result for result in await _await_pool(futures) if result is not None]
