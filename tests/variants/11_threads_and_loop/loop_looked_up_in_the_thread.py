"""put asks for the loop inside the worker thread, which has none."""


def threadsafe_put(queue):
    def put(item):
        asyncio.get_event_loop().call_soon_threadsafe(queue.put_nowait, item)

    return put


FAILS = {1}
BREAKS = "put-loop-taken-on-its-thread"
