"""Mistake: each pause waits on a new stop.wait() task with asyncio.wait(timeout=...), which
never cancels it: cancelled, the poller leaves those tasks waiting on stop."""

import asyncio

FAILS = {3}
BREAKS = "poll-leaves-no-waiter"


async def poll_until_stopped(stop, poll, interval):
    count = 0
    while not stop.is_set():
        await poll()
        count += 1
        await asyncio.wait([asyncio.ensure_future(stop.wait())], timeout=interval)
    return count
