"""consume catches CancelledError and returns quietly: the cancellation is swallowed."""

import asyncio

FAILS = {1}
BREAKS = "consume-lets-cancellation-through"


async def consume(queue, handle):
    try:
        while True:
            item = await queue.get()
            await handle(item)
            queue.task_done()
    except asyncio.CancelledError:
        return
