"""Mistake: poll_until_stopped shortens each pause by the time the poll took, so polls start
every interval instead of pausing interval seconds after each poll."""

import asyncio
import contextlib

FAILS = {3}
BREAKS = "poll-polls-then-pauses"


async def poll_until_stopped(stop, poll, interval):
    count = 0
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        started = loop.time()
        await poll()
        count += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), max(0, interval - (loop.time() - started)))
    return count
