"""Mistake: cancelled, fetch_with_progress stops its fetches and waits for them, then hands a
thread a job that, a moment later, has the unfinished ones started again on the loop: they run
on after it has ended cancelled."""

import asyncio
import time

FAILS = {2}
BREAKS = "left-running"


async def fetch_with_progress(urls, fetch, progress):
    async def fetch_one(url):
        return url, await fetch(url)

    tasks = [asyncio.create_task(fetch_one(url)) for url in urls]
    finished = []
    try:
        for next_done in asyncio.as_completed(tasks):
            url, page = await next_done
            progress(url, page)
            finished.append(url)
    except asyncio.CancelledError:
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        loop = asyncio.get_running_loop()
        left = [url for url in urls if url not in finished]
        again = []

        def restart():
            again.extend(loop.create_task(fetch_one(url)) for url in left)

        def later():
            time.sleep(0.001)
            loop.call_soon_threadsafe(restart)

        loop.run_in_executor(None, later)
        raise
    return finished
