"""Mistake: on timeout the coroutine is cancelled, but None is returned instead of raising.

The caller cannot tell a timeout from a fetch that gave None.
"""

import asyncio

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
        return future.result(timeout)
    except TimeoutError:
        future.cancel()
        return None
