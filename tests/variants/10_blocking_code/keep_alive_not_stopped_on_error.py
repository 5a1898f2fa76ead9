"""run_with_keep_alive stops the keep-alive only when the job succeeds (no finally)."""

FAILS = {2}
BREAKS = "runner-stops-on-failure"


async def run_with_keep_alive(job, beat, interval):
    keeper = asyncio.create_task(keep_alive(beat, interval))
    result = await job()
    keeper.cancel()
    await asyncio.wait([keeper])
    return result
