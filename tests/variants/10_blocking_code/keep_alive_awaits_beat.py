"""Mistake: `await beat()`: beat is an ordinary function and returns None, not an awaitable.

The first beat runs, then awaiting its None raises TypeError and keep_alive dies.
"""

import asyncio

FAILS = {1}
BREAKS = "keep-alive-beats-every-interval"


async def keep_alive(beat, interval):
    while True:
        await beat()
        await asyncio.sleep(interval)
