"""put uses loop.call_soon from the worker thread: it does not wake the sleeping loop."""


def threadsafe_put(queue):
    loop = asyncio.get_running_loop()

    def put(item):
        loop.call_soon(queue.put_nowait, item)

    return put


FAILS = {1}
BREAKS = "put-wakes-the-loop"
