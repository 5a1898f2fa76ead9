"""Mistake: each wait is time.sleep in a thread: the loop runs, but its clock does not wait."""

import asyncio
import time

FAILS = {4}
BREAKS = "long-job-cooperative"


async def long_job(steps, seconds, progress):
    for step in range(1, steps + 1):
        await asyncio.to_thread(time.sleep, seconds)
        progress(step)
