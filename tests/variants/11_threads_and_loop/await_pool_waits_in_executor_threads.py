"""Mistake: await_pool keeps a thread of the loop's executor blocked on each future.result()
instead of wrap_future."""

import asyncio


async def await_pool(futures):
    loop = asyncio.get_running_loop()
    waits = [loop.run_in_executor(None, future.result) for future in futures]
    return list(await asyncio.gather(*waits))


FAILS = {5}
BREAKS = "await-pool-without-blocking"
