"""Mistake: an off-by-one cap: Semaphore(limit + 1) lets four fetches run under a limit of 3."""

import asyncio

FAILS = {5}
BREAKS = "capped-never-above-limit"


async def fetch_capped(urls, fetch, limit):
    semaphore = asyncio.Semaphore(limit + 1)

    async def fetch_one(url):
        async with semaphore:
            return await fetch(url)

    return await asyncio.gather(*(fetch_one(url) for url in urls))
