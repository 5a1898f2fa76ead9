"""put waits until the loop has put the item: on the loop's own thread it waits for itself."""

FAILS = {1}
BREAKS = "put-from-any-thread"


def threadsafe_put(queue):
    loop = asyncio.get_running_loop()

    def put(item):
        asyncio.run_coroutine_threadsafe(queue.put(item), loop).result()

    return put
