"""run_with_keep_alive starts the keep-alive as a task but never stops it."""

FAILS = {2}
BREAKS = "runner-stops-keep-alive"

_keepers = set()  # a reference is kept, so the task is not lost: it is only never stopped


async def run_with_keep_alive(job, beat, interval):
    _keepers.add(asyncio.create_task(keep_alive(beat, interval)))
    return await job()
