"""fetch_from_thread gives up waiting on time but leaves the coroutine running on the loop."""


def fetch_from_thread(loop, fetch, url, timeout):
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        raise RuntimeError("not on the loop's own thread")
    return asyncio.run_coroutine_threadsafe(fetch(url), loop).result(timeout)


FAILS = {2}
BREAKS = "fetch-timeout-cancels"
