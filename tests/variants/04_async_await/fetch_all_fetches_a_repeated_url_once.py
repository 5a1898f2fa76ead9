"""Mistake: fetch_all fetches each distinct URL once, so a URL listed twice is fetched once."""

import asyncio

FAILS = {6}
BREAKS = "fetch-all-concurrently"


async def fetch_all(urls, fetch):
    unique = list(dict.fromkeys(urls))
    pages = dict(zip(unique, await asyncio.gather(*(fetch(url) for url in unique)), strict=True))
    return [pages[url] for url in urls]
