"""await_pool waits with concurrent.futures.wait, which blocks the loop's thread."""

import concurrent.futures


async def await_pool(futures):
    concurrent.futures.wait(futures)
    return [future.result() for future in futures]


FAILS = {5}
BREAKS = "await-pool-without-blocking"
