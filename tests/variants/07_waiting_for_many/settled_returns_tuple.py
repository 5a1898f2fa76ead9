"""Mistake: the results come back as a tuple, not the list the statement asks for."""

import asyncio

FAILS = {1}
BREAKS = "settled-returns-list"


async def fetch_all_settled(urls, fetch):
    return tuple(await asyncio.gather(*(fetch(url) for url in urls), return_exceptions=True))
