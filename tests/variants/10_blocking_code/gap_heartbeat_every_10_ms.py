"""Mistake: the heartbeat notes the time every 10 ms, whatever interval is given."""

import asyncio
import itertools

FAILS = {3}
BREAKS = "gap-heartbeat-every-interval"


async def longest_gap(work, interval):
    loop = asyncio.get_running_loop()
    times = [loop.time()]

    async def heartbeat():
        while True:
            await asyncio.sleep(0.01)
            times.append(loop.time())

    beater = asyncio.create_task(heartbeat())
    try:
        await work()
        times.append(loop.time())
    finally:
        beater.cancel()
        await asyncio.gather(beater, return_exceptions=True)
    return max(later - earlier for earlier, later in itertools.pairwise(times))
