"""Mistake: gather first, then report: every page is shown only when the slowest arrives."""

import asyncio

FAILS = {2}
BREAKS = "progress-on-finish"


async def fetch_with_progress(urls, fetch, progress):
    pages = await asyncio.gather(*(fetch(url) for url in urls))
    for url, page in zip(urls, pages, strict=True):
        progress(url, page)
    return list(urls)
