"""Mistake: fetch_capped gives each fetch a day (asyncio.timeout(86400)): a deadline the
statement does not set, however long."""

FAILS = {5}
BREAKS = "capped-results-in-url-order"


async def fetch_capped(urls, fetch, limit):
    slots = asyncio.Semaphore(limit)

    async def one(url):
        async with slots, asyncio.timeout(86400):
            return await fetch(url)

    return list(await asyncio.gather(*(one(url) for url in urls)))
