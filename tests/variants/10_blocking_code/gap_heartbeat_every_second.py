"""Mistake: the heartbeat notes the time every second, whatever interval is given. (Every 10 ms
would cost the test of a 2-hour work 720,000 wake-ups: over 10 s of real time, and a run of
the variants on a loaded machine could exceed the topic's minute.)"""

import asyncio
import itertools

FAILS = {3}
BREAKS = "gap-heartbeat-every-interval"


async def longest_gap(work, interval):
    loop = asyncio.get_running_loop()
    times = [loop.time()]

    async def heartbeat():
        while True:
            await asyncio.sleep(1.0)
            times.append(loop.time())

    beater = asyncio.create_task(heartbeat())
    try:
        await work()
        times.append(loop.time())
    finally:
        beater.cancel()
        await asyncio.gather(beater, return_exceptions=True)
    return max(later - earlier for earlier, later in itertools.pairwise(times))
