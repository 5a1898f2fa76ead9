"""Mistake: the job is awaited but its result is not returned."""

FAILS = {2}
BREAKS = "runner-returns-job-result"


async def run_with_keep_alive(job, beat, interval):
    keeper = asyncio.create_task(keep_alive(beat, interval))
    try:
        await job()
    finally:
        keeper.cancel()
        await asyncio.wait([keeper])
