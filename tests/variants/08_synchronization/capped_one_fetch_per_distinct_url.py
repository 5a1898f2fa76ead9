"""Mistake: a URL listed twice is fetched once, its result copied to both places."""

import asyncio

FAILS = {5}
BREAKS = "capped-results-in-url-order"


async def fetch_capped(urls, fetch, limit):
    slots = asyncio.Semaphore(limit)
    pages = {}

    async def one(url):
        async with slots:
            pages[url] = await fetch(url)

    await asyncio.gather(*(one(url) for url in dict.fromkeys(urls)))
    return [pages[url] for url in urls]
