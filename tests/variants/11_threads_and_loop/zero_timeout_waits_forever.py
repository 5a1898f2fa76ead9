"""Mistake: fetch_from_thread passes `timeout or None` to future.result(), so a timeout of 0
becomes no timeout at all and it waits forever."""

import concurrent.futures

FAILS = {2}
BREAKS = "fetch-timeout-cancels"


def fetch_from_thread(loop, fetch, url, timeout):
    try:
        on_the_loop = asyncio.get_running_loop() is loop
    except RuntimeError:
        on_the_loop = False
    if on_the_loop:
        raise RuntimeError("fetch_from_thread on the loop's own thread would deadlock")
    future = asyncio.run_coroutine_threadsafe(fetch(url), loop)
    try:
        return future.result(timeout or None)
    except concurrent.futures.TimeoutError:
        future.cancel()
        raise TimeoutError(f"fetch({url!r}) took more than {timeout} s") from None
