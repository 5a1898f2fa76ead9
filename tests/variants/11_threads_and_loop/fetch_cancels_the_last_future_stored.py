"""Mistake: fetch_from_thread keeps its future in a module global and, on a timeout,
cancels the last one stored, which may be another thread's."""

import asyncio
import concurrent.futures

FAILS = {2}
BREAKS = "fetch-several-threads-at-once"

_last_future = None


def fetch_from_thread(loop, fetch, url, timeout):
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        raise RuntimeError("fetch_from_thread called on the loop's own thread")
    global _last_future
    future = _last_future = asyncio.run_coroutine_threadsafe(fetch(url), loop)
    try:
        return future.result(timeout)
    except concurrent.futures.TimeoutError:
        _last_future.cancel()
        raise TimeoutError from None
