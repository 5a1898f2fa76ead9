"""Mistake: a URL listed twice is fetched once, its result copied to both places.

The statement asks to fetch every URL; a repeated URL is fetched as often as it is listed.
"""

import asyncio

FAILS = {1}
BREAKS = "settled-at-once"


async def fetch_all_settled(urls, fetch):
    distinct = list(dict.fromkeys(urls))
    results = await asyncio.gather(*(fetch(url) for url in distinct), return_exceptions=True)
    by_url = dict(zip(distinct, results, strict=True))
    return [by_url[url] for url in urls]
