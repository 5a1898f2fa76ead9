"""Mistake: long_job takes a cancellation for the end of the job: it catches the
CancelledError and returns."""

import asyncio

FAILS = {4}
BREAKS = "cancelled"


async def long_job(steps, seconds, progress):
    for step in range(1, steps + 1):
        try:
            await asyncio.sleep(seconds)
        except asyncio.CancelledError:
            return
        progress(step)
