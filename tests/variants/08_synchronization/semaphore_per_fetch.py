"""A new Semaphore per fetch: every fetch gets its own, so nothing is capped."""

import asyncio

FAILS = {5}
BREAKS = "capped-never-above-limit"


async def fetch_capped(urls, fetch, limit):
    async def fetch_one(url):
        async with asyncio.Semaphore(limit):
            return await fetch(url)

    return await asyncio.gather(*(fetch_one(url) for url in urls))
