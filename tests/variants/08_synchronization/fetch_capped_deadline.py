"""Mistake: fetch_capped gives each fetch 30 s (wait_for), though the statement sets no deadline."""

FAILS = {5}
BREAKS = "capped-results-in-url-order"


async def fetch_capped(urls, fetch, limit):
    sem = asyncio.Semaphore(limit)

    async def one(url):
        async with sem:
            return await asyncio.wait_for(fetch(url), 30)

    return list(await asyncio.gather(*(one(u) for u in urls)))
