"""Mistake: stop_all awaits each task where CancelledError is suppressed, so its own
cancellation, met while it waits, is suppressed too and it goes on to return a count."""

import asyncio
import contextlib

FAILS = {3}
BREAKS = "stop-all-caller-cancel"


async def stop_all(tasks):
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    return sum(task.cancelled() for task in tasks)
