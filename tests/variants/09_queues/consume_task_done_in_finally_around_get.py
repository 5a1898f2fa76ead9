"""consume calls task_done() in a finally around get() too: cancelled while idle, it raises."""

FAILS = {1}
BREAKS = "consume-lets-cancellation-through"


async def consume(queue, handle):
    while True:
        try:
            item = await queue.get()
            await handle(item)
        finally:
            queue.task_done()
