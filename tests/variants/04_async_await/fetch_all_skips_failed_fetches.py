"""Mistake: fetch_all leaves a failed fetch out of the list instead of raising its error."""

FAILS = {6}
BREAKS = "fetch-all-failure-propagates"


async def fetch_all(urls, fetch):
    results = await asyncio.gather(*(fetch(url) for url in urls), return_exceptions=True)
    return [result for result in results if not isinstance(result, Exception)]
