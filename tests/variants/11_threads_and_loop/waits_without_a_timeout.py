"""fetch_from_thread ignores its timeout and waits for as long as fetch takes."""


def fetch_from_thread(loop, fetch, url, timeout):
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        raise RuntimeError("not on the loop's own thread")
    return asyncio.run_coroutine_threadsafe(fetch(url), loop).result()


FAILS = {2}
BREAKS = "fetch-timeout-cancels"
