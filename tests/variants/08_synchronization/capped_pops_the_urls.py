"""Mistake: fetch_capped pops each url off the caller's list, which it leaves empty."""

import asyncio

FAILS = {5}
BREAKS = "capped-leaves-urls"


async def fetch_capped(urls, fetch, limit):
    semaphore = asyncio.Semaphore(limit)

    async def one(url):
        async with semaphore:
            return await fetch(url)

    coroutines = []
    while urls:
        coroutines.append(one(urls.pop(0)))
    return list(await asyncio.gather(*coroutines))
