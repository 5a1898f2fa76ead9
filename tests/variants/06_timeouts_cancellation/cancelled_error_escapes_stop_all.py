"""Mistake: stop_all awaits the cancelled tasks with gather, so the first CancelledError escapes."""

import asyncio

FAILS = {3}
BREAKS = "stop-all-no-cancelled-error-escapes"


async def stop_all(tasks):
    for job in tasks:
        job.cancel()
    await asyncio.gather(*tasks)
    return len(tasks)
