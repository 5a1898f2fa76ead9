"""longest_gap never notes the time when work() returns: a block after many beats is missed."""

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
    finally:
        beater.cancel()
        await asyncio.wait([beater])
    if len(times) < 2:  # no beat at all: the whole call was one gap
        return loop.time() - times[0]
    return max(later - earlier for earlier, later in itertools.pairwise(times))
