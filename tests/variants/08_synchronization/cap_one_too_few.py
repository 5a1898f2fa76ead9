"""Mistake: an off-by-one cap: Semaphore(limit - 1) runs two fetches where three may run."""

import asyncio

FAILS = {5}
BREAKS = "capped-always-full"


async def fetch_capped(urls, fetch, limit):
    semaphore = asyncio.Semaphore(max(limit - 1, 1))

    async def fetch_one(url):
        async with semaphore:
            return await fetch(url)

    return await asyncio.gather(*(fetch_one(url) for url in urls))
