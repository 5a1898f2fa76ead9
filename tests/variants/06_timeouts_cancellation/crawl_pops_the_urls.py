"""Mistake: crawl pops each url off the caller's list, which it leaves emptied."""

import asyncio

FAILS = {7}
BREAKS = "crawl-leaves-urls"


async def crawl(fetch, urls, budget):
    pages = []
    try:
        async with asyncio.timeout(budget):
            while urls:
                pages.append(await fetch(urls.pop(0)))
    except TimeoutError:
        pass
    return pages
