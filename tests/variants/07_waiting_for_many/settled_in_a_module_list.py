"""Mistake: gathers into a module-level list it empties at each call, so two calls at once mix
their results."""

import asyncio

FAILS = {1}
BREAKS = "shared-state"

_results = []


async def fetch_all_settled(urls, fetch):
    _results.clear()
    _results.extend(await asyncio.gather(*(fetch(url) for url in urls), return_exceptions=True))
    return list(_results)
