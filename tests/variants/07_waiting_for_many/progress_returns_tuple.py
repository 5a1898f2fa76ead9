"""Mistake: the finished urls come back as a tuple, not a list."""

import asyncio

FAILS = {2}
BREAKS = "progress-returns-finish-order"


async def fetch_with_progress(urls, fetch, progress):
    async def fetch_one(url):
        return url, await fetch(url)

    finished = []
    for next_done in asyncio.as_completed([fetch_one(url) for url in urls]):
        url, page = await next_done
        progress(url, page)
        finished.append(url)
    return tuple(finished)
