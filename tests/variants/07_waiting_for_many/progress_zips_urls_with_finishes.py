"""Mistake: zip(urls, as_completed(...)) pairs each finish with the URL in list order.

as_completed yields in finish order, so the n-th finished page is reported under the n-th
URL of the list: pages are credited to the wrong URL whenever a later URL finishes first.
"""

import asyncio

FAILS = {2}
BREAKS = "progress-every-url-once"


async def fetch_with_progress(urls, fetch, progress):
    finished = []
    finishing = asyncio.as_completed([fetch(url) for url in urls])
    for url, next_done in zip(urls, finishing, strict=True):
        page = await next_done
        progress(url, page)
        finished.append(url)
    return finished
