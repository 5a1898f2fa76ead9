"""fetch_from_thread refuses any thread that runs an event loop, not only `loop`'s (correct).

The statement leaves that thread open: blocking it would freeze its own loop, and asyncio's
own blocking entry points (asyncio.run, run_until_complete) refuse there too.
"""

FAILS = set()


def fetch_from_thread(loop, fetch, url, timeout):
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass  # no loop runs in this thread: it may block
    else:
        raise RuntimeError("fetch_from_thread must not block a thread that runs an event loop")
    future = asyncio.run_coroutine_threadsafe(fetch(url), loop)
    try:
        return future.result(timeout)
    except TimeoutError:
        future.cancel()
        raise
