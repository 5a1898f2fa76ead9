"""Mistake: the cancelled keep-alive task is awaited bare: its CancelledError comes out."""

FAILS = {2}
BREAKS = "runner-stops-keep-alive"


async def run_with_keep_alive(job, beat, interval):
    keeper = asyncio.create_task(keep_alive(beat, interval))
    try:
        return await job()
    finally:
        keeper.cancel()
        await keeper
