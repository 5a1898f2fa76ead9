"""run_with_keep_alive beats every second, whatever `interval` it is given."""

import asyncio

FAILS = {2}
BREAKS = "runner-keep-alive-as-task"


async def run_with_keep_alive(job, beat, interval):
    keeper = asyncio.create_task(keep_alive(beat, 1.0))
    try:
        return await job()
    finally:
        keeper.cancel()
        await asyncio.wait([keeper])
