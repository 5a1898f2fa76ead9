"""Mistake: poll_until_stopped gives up after 5 minutes (asyncio.timeout); only stop may end it."""

import contextlib

FAILS = {3}
BREAKS = "poll-returns-the-count"


async def poll_until_stopped(stop, poll, interval):
    count = 0
    async with asyncio.timeout(300):
        while not stop.is_set():
            await poll()
            count += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)
    return count
