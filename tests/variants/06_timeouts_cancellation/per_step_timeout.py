"""Mistake: crawl gives every fetch a fresh timeout of `budget`, instead of one overall budget."""

import asyncio

FAILS = {7}
BREAKS = "crawl-one-budget"


async def crawl(fetch, urls, budget):
    pages = []
    for url in urls:
        try:
            pages.append(await asyncio.wait_for(fetch(url), budget))
        except TimeoutError:
            break
    return pages
