"""Mistake: the pause is always 1 s, whatever interval is given."""

import asyncio
import contextlib

FAILS = {3}
BREAKS = "poll-polls-then-pauses"


async def poll_until_stopped(stop, poll, interval):
    count = 0
    while not stop.is_set():
        await poll()
        count += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)
    return count
