"""long_job waits in a busy loop on the clock: no blocking call to detect, but the loop freezes."""

import time

FAILS = {4}
BREAKS = "long-job-cooperative"


async def long_job(steps, seconds, progress):
    for step in range(1, steps + 1):
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            pass
        progress(step)
