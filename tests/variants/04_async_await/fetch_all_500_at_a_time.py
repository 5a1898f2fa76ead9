"""Mistake: fetch_all lets a Semaphore(500) hold back the fetches: at most 500 at a time."""

import asyncio

FAILS = {6}
BREAKS = "fetch-all-concurrently"


async def fetch_all(urls, fetch):
    semaphore = asyncio.Semaphore(500)

    async def one(url):
        async with semaphore:
            return await fetch(url)

    return await asyncio.gather(*(one(url) for url in urls))
