"""Mistake: fetch_with_progress passes timeout=30 to as_completed, a deadline nobody asked for."""

import asyncio

FAILS = {2}
BREAKS = "progress-returns-finish-order"


async def fetch_with_progress(urls, fetch, progress):
    async def fetch_one(url):
        return url, await fetch(url)

    finished = []
    for next_done in asyncio.as_completed([fetch_one(url) for url in urls], timeout=30):
        url, page = await next_done
        progress(url, page)
        finished.append(url)
    return finished
