"""Mistake: the fetch tasks are made by a callback run in a context of its own, and nothing
cancels them when fetch_with_progress is cancelled: they run on."""

import asyncio
import contextvars

FAILS = {2}
BREAKS = "left-running"


async def fetch_with_progress(urls, fetch, progress):
    async def fetch_one(url):
        return url, await fetch(url)

    loop = asyncio.get_running_loop()
    tasks = []
    made = loop.create_future()

    def start():
        tasks.extend(loop.create_task(fetch_one(url)) for url in urls)
        made.set_result(None)

    loop.call_soon(start, context=contextvars.Context())
    await made
    finished = []
    for next_done in asyncio.as_completed(tasks):
        url, page = await next_done
        progress(url, page)
        finished.append(url)
    return finished
