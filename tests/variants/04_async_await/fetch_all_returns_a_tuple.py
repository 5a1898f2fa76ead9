"""Mistake: fetch_all returns a tuple where the statement asks for a list."""

FAILS = {6}
BREAKS = "fetch-all-returns-a-list"


async def fetch_all(urls, fetch):
    return tuple(await asyncio.gather(*(fetch(url) for url in urls)))
