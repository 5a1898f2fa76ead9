"""Mistake: task_done() in a finally and again after handling: twice per item.

The second call raises ValueError (or, with items still queued, marks unhandled items
done): join() cannot be trusted.
"""

FAILS = {1}
BREAKS = "consume-task-done-once-per-item"


async def consume(queue, handle):
    while True:
        item = await queue.get()
        try:
            await handle(item)
            queue.task_done()
        finally:
            queue.task_done()
