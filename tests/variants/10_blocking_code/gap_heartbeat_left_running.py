"""longest_gap measures right but leaves its heartbeat task running."""

FAILS = {3}
BREAKS = "gap-stops-heartbeat"


async def longest_gap(work, interval):
    loop = asyncio.get_running_loop()
    times = [loop.time()]

    async def heartbeat():
        while True:
            await asyncio.sleep(interval)
            times.append(loop.time())

    asyncio.create_task(heartbeat())
    await work()
    times.append(loop.time())
    return max(later - earlier for earlier, later in itertools.pairwise(times))
