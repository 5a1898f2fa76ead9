"""Mistake: range(steps) reports steps 0 to steps - 1 instead of 1 to steps."""

import asyncio

FAILS = {4}
BREAKS = "long-job-progress-after-each-wait"


async def long_job(steps, seconds, progress):
    for step in range(steps):
        await asyncio.sleep(seconds)
        progress(step)
