"""longest_gap times the whole of work() and runs no heartbeat at all."""

FAILS = {3}
BREAKS = "gap-heartbeat-every-interval"


async def longest_gap(work, interval):
    loop = asyncio.get_running_loop()
    start = loop.time()
    await work()
    return loop.time() - start
