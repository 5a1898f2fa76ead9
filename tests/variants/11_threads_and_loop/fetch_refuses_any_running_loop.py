"""Mistake: the guard asks loop.is_running(), which is true from every thread.

The loop runs in another thread, so the guard refuses every call, not only those made on
the loop's own thread.
"""

import asyncio

FAILS = {2}
BREAKS = "fetch-runs-on-loop"


def fetch_from_thread(loop, fetch, url, timeout):
    if loop.is_running():
        raise RuntimeError("fetch_from_thread must not be called on the loop's own thread")
    future = asyncio.run_coroutine_threadsafe(fetch(url), loop)
    try:
        return future.result(timeout)
    except TimeoutError:
        future.cancel()
        raise
