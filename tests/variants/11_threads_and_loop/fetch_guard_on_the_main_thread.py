"""Mistake: the deadlock guard refuses the main thread instead of the loop's own thread.

With the loop in the main thread the two are the same; with the loop running in a
background thread, fetch_from_thread called there deadlocks, and the main thread is refused.
"""

FAILS = {2}
BREAKS = "fetch-refuses-the-loop-thread"


def fetch_from_thread(loop, fetch, url, timeout):
    if threading.current_thread() is threading.main_thread():
        raise RuntimeError("fetch_from_thread must not be called on the loop's own thread")
    future = asyncio.run_coroutine_threadsafe(fetch(url), loop)
    try:
        return future.result(timeout)
    except TimeoutError:
        future.cancel()
        raise
