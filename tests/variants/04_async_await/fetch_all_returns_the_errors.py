"""Mistake: fetch_all puts a failed fetch's exception in the list instead of raising it."""

FAILS = {6}
BREAKS = "fetch-all-failure-propagates"


async def fetch_all(urls, fetch):
    return await asyncio.gather(*(fetch(url) for url in urls), return_exceptions=True)
