"""Mistake: crawl also catches CancelledError: cancelled by its caller, it returns its pages."""

import asyncio

FAILS = {7}
BREAKS = "crawl-caller-cancel"


async def crawl(fetch, urls, budget):
    pages = []
    try:
        async with asyncio.timeout(budget):
            for url in urls:
                pages.append(await fetch(url))
    except (TimeoutError, asyncio.CancelledError):
        pass
    return pages
