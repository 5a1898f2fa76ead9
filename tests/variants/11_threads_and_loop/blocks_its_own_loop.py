"""fetch_from_thread has no guard: on the loop's own thread, result() blocks it (deadlock)."""


def fetch_from_thread(loop, fetch, url, timeout):
    future = asyncio.run_coroutine_threadsafe(fetch(url), loop)
    try:
        return future.result(timeout)
    except TimeoutError:
        future.cancel()
        raise


FAILS = {2}
BREAKS = "fetch-refuses-the-loop-thread"
