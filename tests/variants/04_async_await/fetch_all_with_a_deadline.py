"""Mistake: fetch_all gives up after 30 s, a deadline nobody asked for."""

import asyncio

FAILS = {6}
BREAKS = "fetch-all-in-url-order"


async def fetch_all(urls, fetch):
    return list(await asyncio.wait_for(asyncio.gather(*(fetch(url) for url in urls)), 30))
