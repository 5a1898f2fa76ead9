"""Mistake: fetch_capped returns a tuple of results, not a list."""

import asyncio

FAILS = {5}
BREAKS = "capped-results-in-url-order"


async def fetch_capped(urls, fetch, limit):
    semaphore = asyncio.Semaphore(limit)

    async def fetch_one(url):
        async with semaphore:
            return await fetch(url)

    return tuple(await asyncio.gather(*(fetch_one(url) for url in urls)))
