"""longest_gap gives work() 10 s and stops waiting quietly then: no deadline was asked for."""

FAILS = {3}
BREAKS = "gap-heartbeat-every-interval"


async def longest_gap(work, interval):
    loop = asyncio.get_running_loop()
    times = [loop.time()]

    async def heartbeat():
        while True:
            await asyncio.sleep(interval)
            times.append(loop.time())

    beater = asyncio.create_task(heartbeat())
    try:
        await asyncio.wait_for(work(), 10)
    except TimeoutError:
        pass
    finally:
        times.append(loop.time())
        beater.cancel()
        await asyncio.wait([beater])
    return max(later - earlier for earlier, later in itertools.pairwise(times))
