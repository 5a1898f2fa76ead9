"""Mistake: the keep-alive is stopped in `except Exception` and after the job, so a cancelled
run_with_keep_alive (CancelledError is no Exception) leaves it running."""

import asyncio

FAILS = {2}
BREAKS = "runner-stops-on-cancel"


async def run_with_keep_alive(job, beat, interval):
    keeper = asyncio.create_task(keep_alive(beat, interval))
    try:
        result = await job()
    except Exception:
        keeper.cancel()
        await asyncio.gather(keeper, return_exceptions=True)
        raise
    keeper.cancel()
    await asyncio.gather(keeper, return_exceptions=True)
    return result
