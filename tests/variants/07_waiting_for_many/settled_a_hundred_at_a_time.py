"""Mistake: fetch_all_settled lets only 100 fetches run at a time (the default connection
limit of a well-known HTTP client, taken as a rule): a cap the statement never sets."""

import asyncio

FAILS = {1}
BREAKS = "settled-at-once"


async def fetch_all_settled(urls, fetch):
    limit = asyncio.Semaphore(100)

    async def fetch_one(url):
        async with limit:
            return await fetch(url)

    return await asyncio.gather(*(fetch_one(url) for url in urls), return_exceptions=True)
