"""Fetches in batches of `limit`: each batch waits for its slowest fetch."""

import asyncio

FAILS = {5}
BREAKS = "capped-always-full"


async def fetch_capped(urls, fetch, limit):
    results = []
    for start in range(0, len(urls), limit):
        results += await asyncio.gather(*(fetch(url) for url in urls[start : start + limit]))
    return results
