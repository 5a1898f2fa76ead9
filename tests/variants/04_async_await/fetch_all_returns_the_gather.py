"""Mistake: fetch_all returns asyncio.gather(...) without awaiting it: a future, not a list."""

FAILS = {6}
BREAKS = "fetch-all-returns-a-list"


async def fetch_all(urls, fetch):
    return asyncio.gather(*(fetch(url) for url in urls))
