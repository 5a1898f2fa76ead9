"""Mistake: fetch_all_settled gives up after 30 s, a deadline nobody asked for."""

import asyncio

FAILS = {1}
BREAKS = "settled-returns-list"


async def fetch_all_settled(urls, fetch):
    fetches = asyncio.gather(*(fetch(url) for url in urls), return_exceptions=True)
    return await asyncio.wait_for(fetches, 30)
