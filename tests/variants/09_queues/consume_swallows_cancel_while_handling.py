"""consume suppresses CancelledError around handle only: cancelled mid-item, it goes on."""

import asyncio
import contextlib

FAILS = {1}
BREAKS = "consume-lets-cancellation-through"


async def consume(queue, handle):
    while True:
        item = await queue.get()
        with contextlib.suppress(asyncio.CancelledError):
            await handle(item)
        queue.task_done()
