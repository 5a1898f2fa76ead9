"""Mistake: fetch_all fetches in batches of five, all at once only for five URLs or fewer."""

import asyncio

FAILS = {6}
BREAKS = "fetch-all-concurrently"


async def fetch_all(urls, fetch):
    results = []
    for start in range(0, len(urls), 5):
        results += await asyncio.gather(*(fetch(url) for url in urls[start : start + 5]))
    return results
