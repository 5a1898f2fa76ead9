"""Results collected in the order the fetches finish, not the order of urls."""

import asyncio

FAILS = {5}
BREAKS = "capped-results-in-url-order"


async def fetch_capped(urls, fetch, limit):
    semaphore = asyncio.Semaphore(limit)
    results = []

    async def fetch_one(url):
        async with semaphore:
            results.append(await fetch(url))

    await asyncio.gather(*(fetch_one(url) for url in urls))
    return results
