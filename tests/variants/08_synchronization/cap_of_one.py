"""A Lock where a Semaphore(limit) was wanted: one fetch at a time."""

import asyncio

FAILS = {5}
BREAKS = "capped-always-full"


async def fetch_capped(urls, fetch, limit):
    lock = asyncio.Lock()

    async def fetch_one(url):
        async with lock:
            return await fetch(url)

    return await asyncio.gather(*(fetch_one(url) for url in urls))
