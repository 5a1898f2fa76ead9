"""Mistake: returns the average gap (total time / number of gaps), not the longest one.

A single freeze of 0.25 s among many 0.01 s beats averages out to little more than 0.01.
"""

import asyncio

FAILS = {3}
BREAKS = "gap-in-seconds"


async def longest_gap(work, interval):
    loop = asyncio.get_running_loop()
    times = [loop.time()]

    async def heartbeat():
        while True:
            await asyncio.sleep(interval)
            times.append(loop.time())

    beater = asyncio.create_task(heartbeat())
    try:
        await work()
    finally:
        beater.cancel()
        await asyncio.wait([beater])
    times.append(loop.time())
    return (times[-1] - times[0]) / (len(times) - 1)
