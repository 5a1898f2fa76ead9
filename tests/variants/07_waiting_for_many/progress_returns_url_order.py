"""Mistake: progress is right, but the return value is in the order of urls."""

import asyncio

FAILS = {2}
BREAKS = "progress-returns-finish-order"


async def fetch_with_progress(urls, fetch, progress):
    async def fetch_one(url):
        return url, await fetch(url)

    for next_done in asyncio.as_completed([fetch_one(url) for url in urls]):
        progress(*await next_done)
    return list(urls)
