"""Mistake: long_job waits 0.25 s per step, whatever `seconds` is given."""

import asyncio

FAILS = {4}
BREAKS = "long-job-progress-after-each-wait"


async def long_job(steps, seconds, progress):
    for step in range(1, steps + 1):
        await asyncio.sleep(0.25)
        progress(step)
