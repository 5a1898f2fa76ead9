"""Mistake: the error's text is put in the list instead of the exception object."""

import asyncio

FAILS = {1}
BREAKS = "settled-error-in-place"


async def fetch_all_settled(urls, fetch):
    results = await asyncio.gather(*(fetch(url) for url in urls), return_exceptions=True)
    return [str(item) if isinstance(item, Exception) else item for item in results]
