"""Mistake: a thread submits the fetches to the loop (run_coroutine_threadsafe), and nothing
cancels them when fetch_with_progress is cancelled: they run on."""

import asyncio
import threading

FAILS = {2}
BREAKS = "left-running"


async def fetch_with_progress(urls, fetch, progress):
    loop = asyncio.get_running_loop()
    submitted = []

    def submit():
        submitted.extend(asyncio.run_coroutine_threadsafe(fetch(url), loop) for url in urls)

    helper = threading.Thread(target=submit)
    helper.start()
    await asyncio.to_thread(helper.join)
    futures = {asyncio.wrap_future(each): url for each, url in zip(submitted, urls, strict=True)}
    finished = []
    pending = set(futures)
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for future in sorted(done, key=list(futures).index):
            progress(futures[future], future.result())
            finished.append(futures[future])
    return finished
