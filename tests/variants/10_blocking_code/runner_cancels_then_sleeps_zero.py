"""run_with_keep_alive cancels the keep-alive, then gives it one turn (sleep(0)), not a wait."""

FAILS = {2}
BREAKS = "runner-stops-keep-alive"


async def run_with_keep_alive(job, beat, interval):
    keeper = asyncio.create_task(keep_alive(beat, interval))
    try:
        return await job()
    finally:
        keeper.cancel()
        await asyncio.sleep(0)  # one turn for the keep-alive to see its cancellation
