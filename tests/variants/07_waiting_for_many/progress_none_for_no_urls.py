"""Mistake: with no urls it returns None instead of an empty list."""

import asyncio

FAILS = {2}
BREAKS = "progress-returns-finish-order"


async def fetch_with_progress(urls, fetch, progress):
    if not urls:
        return None

    async def labelled(url):
        return url, await fetch(url)

    finished = []
    for next_one in asyncio.as_completed([labelled(url) for url in urls]):
        url, page = await next_one
        progress(url, page)
        finished.append(url)
    return finished
