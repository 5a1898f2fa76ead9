"""Mistake: fetch_all awaits each fetch before starting the next."""

FAILS = {6}
BREAKS = "fetch-all-concurrently"


async def fetch_all(urls, fetch):
    return [await fetch(url) for url in urls]
