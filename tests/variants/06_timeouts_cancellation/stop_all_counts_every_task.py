"""Mistake: stop_all counts every task it cancelled, not those that really ended cancelled."""

import asyncio

FAILS = {3}
BREAKS = "stop-all-counts-cancelled"


async def stop_all(tasks):
    for job in tasks:
        job.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return len(tasks)
