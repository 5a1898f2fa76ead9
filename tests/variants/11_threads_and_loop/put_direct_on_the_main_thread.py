"""Mistake: put() calls put_nowait directly when it runs in the main thread, taking that for
the loop's thread; with the loop running in another thread, that is the wrong thread."""

FAILS = {1}
BREAKS = "put-wherever-the-loop-runs"


def threadsafe_put(queue):
    loop = asyncio.get_running_loop()

    def put(item):
        if threading.current_thread() is threading.main_thread():
            queue.put_nowait(item)
        else:
            loop.call_soon_threadsafe(queue.put_nowait, item)

    return put
