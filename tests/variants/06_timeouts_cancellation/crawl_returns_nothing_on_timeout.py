"""Mistake: when the budget runs out, crawl returns [] and throws away the pages it already got."""

FAILS = {7}
BREAKS = "crawl-returns-pages-so-far"


async def crawl(fetch, urls, budget):
    try:
        async with asyncio.timeout(budget):
            return [await fetch(url) for url in urls]
    except TimeoutError:
        return []
