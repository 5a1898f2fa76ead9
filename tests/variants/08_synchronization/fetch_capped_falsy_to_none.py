"""Mistake: fetch_capped turns a falsy result ('' or 0 or []) into None."""

FAILS = {5}
BREAKS = "capped-results-in-url-order"


async def fetch_capped(urls, fetch, limit):
    sem = asyncio.Semaphore(limit)

    async def one(url):
        async with sem:
            return (await fetch(url)) or None

    return list(await asyncio.gather(*(one(u) for u in urls)))
