"""Mistake: fetch_with_progress, cancelled, stops its fetches and returns the URLs finished
so far, as if the work were done."""

import asyncio

FAILS = {2}
BREAKS = "cancelled"


async def fetch_with_progress(urls, fetch, progress):
    finished = []

    async def fetch_one(url):
        page = await fetch(url)
        progress(url, page)
        finished.append(url)

    tasks = [asyncio.create_task(fetch_one(url)) for url in urls]
    try:
        await asyncio.gather(*tasks)
    except asyncio.CancelledError:
        for task in tasks:
            task.cancel()
    return finished
