"""Mistake: crawl's deadline is time.monotonic() + budget, which stands still on the loop's
virtual clock (right on a real clock, wrong against the statement's loop.time())."""

import asyncio
import time

FAILS = {7}
BREAKS = "crawl-loop-clock"


async def crawl(fetch, urls, budget):
    deadline = time.monotonic() + budget
    pages = []
    for url in urls:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            pages.append(await asyncio.wait_for(fetch(url), left))
        except TimeoutError:
            break
    return pages
