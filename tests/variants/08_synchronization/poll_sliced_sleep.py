"""Mistake: the pause is a loop of short sleeps (interval / 13) that checks stop between
them, so it ends up to a slice after stop is set."""

import asyncio

FAILS = {3}
BREAKS = "poll-pause-ends-when-stop-is-set"


async def poll_until_stopped(stop, poll, interval):
    count = 0
    while not stop.is_set():
        await poll()
        count += 1
        loop = asyncio.get_running_loop()
        end = loop.time() + interval
        while not stop.is_set() and loop.time() < end:
            await asyncio.sleep(min(interval / 13, end - loop.time()))
    return count
