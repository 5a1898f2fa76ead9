"""Mistake: await_pool waits for the first error only, then reads every result in order: a job
still running gives InvalidStateError instead of the failed job's error."""

import asyncio

FAILS = {5}
BREAKS = "await-pool-error-propagates"


async def await_pool(futures):
    wrapped = [asyncio.wrap_future(future) for future in futures]
    if wrapped:
        await asyncio.wait(wrapped, return_when=asyncio.FIRST_EXCEPTION)
    return [each.result() for each in wrapped]
