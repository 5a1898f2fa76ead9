"""Mistake: it polls once before looking at stop, so an already set stop still gets one poll."""

import asyncio

FAILS = {3}
BREAKS = "poll-stop-already-set-returns-zero"


async def poll_until_stopped(stop, poll, interval):
    polls = 0
    while True:
        await poll()
        polls += 1
        try:
            await asyncio.wait_for(stop.wait(), interval)
        except TimeoutError:
            continue
        return polls
