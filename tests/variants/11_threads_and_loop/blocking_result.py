"""await_pool calls future.result() on the loop's thread: the loop is blocked meanwhile."""


async def await_pool(futures):
    return [future.result() for future in futures]


FAILS = {5}
BREAKS = "await-pool-without-blocking"
