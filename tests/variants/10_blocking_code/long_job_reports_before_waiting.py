"""Mistake: progress(step) is called before each wait instead of after it."""

FAILS = {4}
BREAKS = "long-job-progress-after-each-wait"


async def long_job(steps, seconds, progress):
    for step in range(1, steps + 1):
        progress(step)
        await asyncio.sleep(seconds)
