"""Mistake: crawl splits the budget evenly, so a fast step cannot leave time to a slow one."""

import asyncio

FAILS = {7}
BREAKS = "crawl-one-budget"


async def crawl(fetch, urls, budget):
    share = budget / max(len(urls), 1)
    pages = []
    for url in urls:
        try:
            async with asyncio.timeout(share):
                pages.append(await fetch(url))
        except TimeoutError:
            break
    return pages
