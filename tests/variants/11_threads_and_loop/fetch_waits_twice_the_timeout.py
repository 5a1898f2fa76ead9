"""fetch_from_thread waits twice the timeout it is given before giving up."""

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
        return future.result(timeout * 2)
    except TimeoutError:
        future.cancel()
        raise
