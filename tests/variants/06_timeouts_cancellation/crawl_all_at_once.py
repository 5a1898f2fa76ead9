"""Mistake: crawl fetches every url at once under the budget and loses all pages on timeout."""

import asyncio

FAILS = {7}
BREAKS = "crawl-one-after-another"


async def crawl(fetch, urls, budget):
    try:
        async with asyncio.timeout(budget):
            return list(await asyncio.gather(*(fetch(url) for url in urls)))
    except TimeoutError:
        return []
