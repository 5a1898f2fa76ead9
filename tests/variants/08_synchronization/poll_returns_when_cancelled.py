"""Mistake: poll_until_stopped catches CancelledError and returns its count as if stopped."""

import asyncio
import contextlib

FAILS = {3}
BREAKS = "poll-cancellation-propagates"


async def poll_until_stopped(stop, poll, interval):
    polls = 0
    try:
        while not stop.is_set():
            await poll()
            polls += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)
    except asyncio.CancelledError:
        return polls
    return polls
