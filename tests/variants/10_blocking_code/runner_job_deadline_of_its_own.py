"""run_with_keep_alive gives job() 30 s (asyncio.wait_for): the statement sets no deadline."""

FAILS = {2}
BREAKS = "runner-returns-job-result"


async def run_with_keep_alive(job, beat, interval):
    keeper = asyncio.create_task(keep_alive(beat, interval))
    try:
        return await asyncio.wait_for(job(), 30)
    finally:
        keeper.cancel()
        await asyncio.wait([keeper])
