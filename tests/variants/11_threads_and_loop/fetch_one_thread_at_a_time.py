"""Mistake: a lock around the whole call: the threads' fetches run one after another."""

FAILS = {2}
BREAKS = "fetch-several-threads-at-once"

_one_at_a_time = threading.Lock()


def fetch_from_thread(loop, fetch, url, timeout):
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        raise RuntimeError("fetch_from_thread must not be called on the loop's own thread")
    with _one_at_a_time:
        future = asyncio.run_coroutine_threadsafe(fetch(url), loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise
