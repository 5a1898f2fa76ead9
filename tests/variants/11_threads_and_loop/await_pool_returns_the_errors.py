"""Mistake: gather(return_exceptions=True): a job's exception is returned in the list."""

import asyncio

FAILS = {5}
BREAKS = "await-pool-error-propagates"


async def await_pool(futures):
    wrapped = [asyncio.wrap_future(future) for future in futures]
    return list(await asyncio.gather(*wrapped, return_exceptions=True))
