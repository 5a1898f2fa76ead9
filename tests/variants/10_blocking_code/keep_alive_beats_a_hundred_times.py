"""keep_alive beats a fixed number of times (100), then returns, instead of until cancelled."""

FAILS = {1}
BREAKS = "keep-alive-until-cancelled"


async def keep_alive(beat, interval):
    for _ in range(100):
        beat()
        await asyncio.sleep(interval)
