"""Mistake: await_pool polls future.done() with short sleeps instead of wrap_future."""

import asyncio


async def await_pool(futures):
    while not all(future.done() for future in futures):
        await asyncio.sleep(0.001)
    return [future.result() for future in futures]


FAILS = {5}
BREAKS = "await-pool-without-blocking"
