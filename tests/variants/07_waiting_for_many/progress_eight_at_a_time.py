"""Mistake: fetch_with_progress lets only 8 fetches run at a time (a semaphore of its own)."""

import asyncio

FAILS = {2}
BREAKS = "progress-at-once"


async def fetch_with_progress(urls, fetch, progress):
    limit = asyncio.Semaphore(8)

    async def fetch_one(url):
        async with limit:
            return url, await fetch(url)

    finished = []
    for next_done in asyncio.as_completed([fetch_one(url) for url in urls]):
        url, page = await next_done
        progress(url, page)
        finished.append(url)
    return finished
