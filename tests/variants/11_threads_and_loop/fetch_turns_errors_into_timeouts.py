"""Mistake: `except Exception` around future.result(): every error becomes a TimeoutError.

A fetch that raises ConnectionError reaches the caller as TimeoutError.
"""

import asyncio

FAILS = {2}
BREAKS = "fetch-returns-or-raises"


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
    except Exception:
        future.cancel()
        raise TimeoutError(f"{url} did not answer in {timeout} s") from None
