"""longest_gap drops the first gap (warm-up): a block at work's start, before many beats, lost."""

FAILS = {3}
BREAKS = "gap-counts-the-edges"


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
        times.append(loop.time())
    finally:
        beater.cancel()
        await asyncio.wait([beater])
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    return max(gaps[1:] or gaps)  # the first gap includes the heartbeat's start-up
