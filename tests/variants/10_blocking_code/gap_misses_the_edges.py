"""longest_gap only compares the heartbeat's own beats: blocks at work's start or end are missed."""

FAILS = {3}
BREAKS = "gap-counts-the-edges"


async def longest_gap(work, interval):
    loop = asyncio.get_running_loop()
    times = []

    async def heartbeat():
        while True:
            times.append(loop.time())
            await asyncio.sleep(interval)

    beater = asyncio.create_task(heartbeat())
    try:
        await work()
    finally:
        beater.cancel()
        await asyncio.wait([beater])
    return max(later - earlier for earlier, later in itertools.pairwise(times))
