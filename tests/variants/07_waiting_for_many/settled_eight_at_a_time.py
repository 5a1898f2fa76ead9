"""Mistake: fetch_all_settled lets only 8 fetches run at a time (a semaphore of its own)."""

import asyncio

FAILS = {1}
BREAKS = "settled-at-once"


async def fetch_all_settled(urls, fetch):
    limit = asyncio.Semaphore(8)

    async def fetch_one(url):
        async with limit:
            return await fetch(url)

    return await asyncio.gather(*(fetch_one(url) for url in urls), return_exceptions=True)
