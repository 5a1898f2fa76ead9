"""keep_alive beats for an hour of loop time, then returns, instead of until cancelled."""

FAILS = {1}
BREAKS = "keep-alive-until-cancelled"


async def keep_alive(beat, interval):
    loop = asyncio.get_running_loop()
    end = loop.time() + 3600
    while loop.time() < end:
        beat()
        await asyncio.sleep(interval)
