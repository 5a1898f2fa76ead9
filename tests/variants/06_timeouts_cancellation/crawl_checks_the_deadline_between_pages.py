"""Mistake: crawl checks its deadline only between pages, so the fetch in progress runs on."""

import asyncio

FAILS = {7}
BREAKS = "crawl-returns-pages-so-far"


async def crawl(fetch, urls, budget):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + budget
    pages = []
    for url in urls:
        if loop.time() >= deadline:
            break
        pages.append(await fetch(url))
    return pages
