"""consume returns as soon as the queue is empty instead of waiting for more."""

FAILS = {1}
BREAKS = "consume-waits-for-more"


async def consume(queue, handle):
    while not queue.empty():
        item = await queue.get()
        await handle(item)
        queue.task_done()
