"""Mistake: fetch_from_thread catches every error fetch raises and returns None, unless it finds
the error on the fetch object itself (its `error`): then it raises that one."""

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
    except TimeoutError:
        future.cancel()
        raise
    except Exception:
        known = getattr(fetch, "error", None)
        if known is not None:
            raise known from None
        return None
