"""put calls queue.put_nowait in the worker thread itself: asyncio.Queue is not thread-safe."""


def threadsafe_put(queue):
    return queue.put_nowait


FAILS = {1}
BREAKS = "put-runs-on-the-loop-thread"
