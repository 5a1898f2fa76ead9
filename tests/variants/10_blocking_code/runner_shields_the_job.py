"""Awaits the job under asyncio.shield: cancelled, it stops the keep-alive but leaves the job."""


async def run_with_keep_alive(job, beat, interval):
    alive = asyncio.create_task(keep_alive(beat, interval))
    try:
        return await asyncio.shield(asyncio.ensure_future(job()))
    finally:
        alive.cancel()
        await asyncio.gather(alive, return_exceptions=True)


FAILS = {2}
BREAKS = "runner-stops-on-cancel"
