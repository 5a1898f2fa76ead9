"""Mistake: the longest gap is returned in milliseconds, not seconds."""

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
    return 1000 * max(later - earlier for earlier, later in itertools.pairwise(times))
