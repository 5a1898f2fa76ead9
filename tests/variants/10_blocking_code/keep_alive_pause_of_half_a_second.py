"""Mistake: keep_alive pauses 0.5 s between beats, whatever interval is given."""

import asyncio

FAILS = {1}
BREAKS = "keep-alive-beats-every-interval"


async def keep_alive(beat, interval):
    while True:
        beat()
        await asyncio.sleep(0.5)
