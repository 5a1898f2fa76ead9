"""consume as the stub gives it: task_done() is never called, so join() hangs."""

FAILS = {1}
BREAKS = "consume-task-done-once-per-item"


async def consume(queue, handle):
    while True:
        item = await queue.get()
        await handle(item)
