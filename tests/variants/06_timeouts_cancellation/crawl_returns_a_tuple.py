"""Mistake: crawl returns a tuple of pages where the statement asks for a list."""

FAILS = {7}
BREAKS = "crawl-returns-pages-so-far"


async def crawl(fetch, urls, budget):
    pages = []
    try:
        async with asyncio.timeout(budget):
            for url in urls:
                pages.append(await fetch(url))
    except TimeoutError:
        pass
    return tuple(pages)
