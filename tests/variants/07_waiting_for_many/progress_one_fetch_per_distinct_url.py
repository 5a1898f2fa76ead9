"""Mistake: tasks kept in a dict keyed by url: a url listed twice is fetched and reported once."""

import asyncio

FAILS = {2}
BREAKS = "progress-every-url-once"


async def fetch_with_progress(urls, fetch, progress):
    tasks = {url: asyncio.create_task(fetch(url)) for url in urls}
    owner = {each: url for url, each in tasks.items()}
    pending = set(owner)
    finished = []
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for each in done:
            progress(owner[each], each.result())
            finished.append(owner[each])
    return finished
