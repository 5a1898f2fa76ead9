"""Mistake: fetches awaited one after another, reported in the order of urls."""

FAILS = {2}
BREAKS = "progress-at-once"


async def fetch_with_progress(urls, fetch, progress):
    for url in urls:
        progress(url, await fetch(url))
    return list(urls)
