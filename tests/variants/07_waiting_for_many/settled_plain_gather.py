"""Mistake: plain gather, so the first failure is raised and the other fetches run on."""

import asyncio

FAILS = {1}
BREAKS = "settled-failure-stops-nothing"


async def fetch_all_settled(urls, fetch):
    return await asyncio.gather(*(fetch(url) for url in urls))
