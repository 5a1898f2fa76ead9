"""Mistake: as_completed collects the pages, but progress is called only after the loop ends."""

import asyncio

FAILS = {2}
BREAKS = "progress-on-finish"


async def fetch_with_progress(urls, fetch, progress):
    async def labelled(url):
        return url, await fetch(url)

    pages = [await next_one for next_one in asyncio.as_completed([labelled(u) for u in urls])]
    for url, page in pages:
        progress(url, page)
    return [url for url, _page in pages]
