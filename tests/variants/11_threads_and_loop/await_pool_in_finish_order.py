"""Mistake: asyncio.as_completed collects the results in the order the jobs finished."""

import asyncio

FAILS = {5}
BREAKS = "await-pool-results-in-order"


async def await_pool(futures):
    wrapped = [asyncio.wrap_future(future) for future in futures]
    return [await next_done for next_done in asyncio.as_completed(wrapped)]
