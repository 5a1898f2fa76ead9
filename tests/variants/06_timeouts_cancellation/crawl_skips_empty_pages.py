"""Mistake: crawl leaves out the empty pages ('')."""

FAILS = {7}
BREAKS = "crawl-one-after-another"


async def crawl(fetch, urls, budget):
    pages = []
    try:
        async with asyncio.timeout(budget):
            for url in urls:
                page = await fetch(url)
                if page:
                    pages.append(page)
    except TimeoutError:
        pass
    return pages
