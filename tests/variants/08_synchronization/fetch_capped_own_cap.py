"""Mistake: fetch_capped caps at min(limit, 8), a cap of its own below the limit given."""

FAILS = {5}
BREAKS = "capped-always-full"


async def fetch_capped(urls, fetch, limit):
    sem = asyncio.Semaphore(min(limit, 8))

    async def one(url):
        async with sem:
            return await fetch(url)

    return list(await asyncio.gather(*(one(u) for u in urls)))
