"""Mistake: cancelled, fetch_with_progress stops its fetches and waits for them, then has
loop.call_later start the unfinished ones again: they run on after it has ended cancelled."""

import asyncio

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

        loop.call_later(0.001, restart)
        raise
    return finished
