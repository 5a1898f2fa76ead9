"""The semaphore is held once around the whole gather: it caps nothing."""

import asyncio

FAILS = {5}
BREAKS = "capped-never-above-limit"


async def fetch_capped(urls, fetch, limit):
    semaphore = asyncio.Semaphore(limit)
    async with semaphore:
        return await asyncio.gather(*(fetch(url) for url in urls))
