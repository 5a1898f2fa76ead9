"""The pause is asyncio.sleep(interval): setting stop cannot end it early."""

import asyncio

FAILS = {3}
BREAKS = "poll-pause-ends-when-stop-is-set"


async def poll_until_stopped(stop, poll, interval):
    polls = 0
    while not stop.is_set():
        await poll()
        polls += 1
        await asyncio.sleep(interval)
    return polls
