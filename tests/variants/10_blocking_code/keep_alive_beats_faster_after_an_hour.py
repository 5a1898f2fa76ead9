"""keep_alive beats every interval for an hour of loop time, then twice as often."""

FAILS = {1}
BREAKS = "keep-alive-beats-every-interval"


async def keep_alive(beat, interval):
    loop = asyncio.get_running_loop()
    hour_later = loop.time() + 3600
    while True:
        beat()
        await asyncio.sleep(interval if loop.time() < hour_later else interval / 2)
