"""Mistake: stop_all counts what task.cancel() returned (a request taken), not how tasks ended."""

FAILS = {3}
BREAKS = "stop-all-counts-cancelled"


async def stop_all(tasks):
    requested = sum(task.cancel() for task in tasks)
    await asyncio.gather(*tasks, return_exceptions=True)
    return requested
