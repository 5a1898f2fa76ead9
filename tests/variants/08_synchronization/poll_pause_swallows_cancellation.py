"""Mistake: the pause catches CancelledError with the timeout, so a cancelled poller polls on."""

import asyncio
import contextlib

FAILS = {3}
BREAKS = "poll-cancellation-propagates"


async def poll_until_stopped(stop, poll, interval):
    polls = 0
    while not stop.is_set():
        await poll()
        polls += 1
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(stop.wait(), interval)
    return polls
