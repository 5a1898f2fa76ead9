"""Mistake: keep_alive sleeps before its first beat, so nothing is beaten at once."""

FAILS = {1}
BREAKS = "keep-alive-beats-every-interval"


async def keep_alive(beat, interval):
    while True:
        await asyncio.sleep(interval)
        beat()
