"""Mistake: stop_all cancels and awaits each task in turn, so the cleanups run one after another."""

import asyncio

FAILS = {3}
BREAKS = "stop-all-cancels-and-waits-together"


async def stop_all(tasks):
    for job in tasks:
        job.cancel()
        await asyncio.gather(job, return_exceptions=True)
    return sum(job.cancelled() for job in tasks)
