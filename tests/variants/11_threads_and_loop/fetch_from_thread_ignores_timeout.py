"""fetch_from_thread always waits 0.05 s, whatever timeout it is given."""

FAILS = {2}
BREAKS = "fetch-timeout-cancels"


def fetch_from_thread(loop, fetch, url, timeout):
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        raise RuntimeError("fetch_from_thread must not be called on the loop's own thread")
    future = asyncio.run_coroutine_threadsafe(fetch(url), loop)
    try:
        return future.result(0.05)
    except TimeoutError:
        future.cancel()
        raise
