"""Mistake: `async for` over as_completed, which only Python 3.13 allows (it passed on 3.13
while the statement asks for code that runs on 3.11 too)."""

import asyncio

FAILS = {2}
BREAKS = "progress-on-finish"


async def fetch_with_progress(urls, fetch, progress):
    tasks = {asyncio.ensure_future(fetch(url)): url for url in urls}
    order = []
    async for finished in asyncio.as_completed(tasks):
        url = tasks[finished]
        progress(url, finished.result())
        order.append(url)
    return order
