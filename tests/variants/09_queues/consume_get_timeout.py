"""Mistake: consume stops once the queue has been empty for 60 s (wait_for on get)."""

FAILS = {1}
BREAKS = "consume-waits-for-more"


async def consume(queue, handle):
    while True:
        try:
            item = await asyncio.wait_for(queue.get(), 60)
        except TimeoutError:
            return
        try:
            await handle(item)
        finally:
            queue.task_done()
