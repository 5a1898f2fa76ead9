"""Mistake: fetch_from_thread hands fetch(url) to the loop by hand (call_soon_threadsafe, a
task and a concurrent future copied over) instead of with asyncio.run_coroutine_threadsafe,
the statement's subject; it behaves right."""

import concurrent.futures

FAILS = {2}
BREAKS = "fetch-runs-on-loop"


def fetch_from_thread(loop, fetch, url, timeout):
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        raise RuntimeError("fetch_from_thread called on the loop's own thread")
    outer = concurrent.futures.Future()

    def start():
        task = loop.create_task(fetch(url))

        def copy(done):
            if done.cancelled():
                outer.cancel()
            elif done.exception() is not None:
                outer.set_exception(done.exception())
            else:
                outer.set_result(done.result())

        task.add_done_callback(copy)
        outer.add_done_callback(
            lambda future: future.cancelled() and loop.call_soon_threadsafe(task.cancel)
        )

    loop.call_soon_threadsafe(start)
    try:
        return outer.result(timeout)
    except TimeoutError:
        outer.cancel()
        raise
