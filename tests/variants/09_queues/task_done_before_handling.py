"""consume marks each item done as soon as it is taken, before handling it."""

FAILS = {1}
BREAKS = "consume-task-done-after-handling"


async def consume(queue, handle):
    while True:
        item = await queue.get()
        queue.task_done()
        await handle(item)
