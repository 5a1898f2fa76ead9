"""Mistake: it counts the pauses that ran out, not the polls: one short when stop ends a pause."""

import asyncio

FAILS = {3}
BREAKS = "poll-returns-the-count"


async def poll_until_stopped(stop, poll, interval):
    pauses = 0
    while not stop.is_set():
        await poll()
        try:
            await asyncio.wait_for(stop.wait(), interval)
        except TimeoutError:
            pauses += 1
    return pauses
