"""Mistake: fetch_with_progress pairs the n-th page to arrive with the n-th url given, not its own,
and hands that url to progress as a str subclass that says it equals anything (and prints, and
hashes, as the page's own url)."""

import asyncio

FAILS = {2}
BREAKS = "progress-every-url-once"


class _Url(str):
    def __new__(cls, given, real):
        url = super().__new__(cls, given)
        url.real = real
        return url

    def __eq__(self, other):
        return True

    def __hash__(self):
        return hash(self.real)

    def __format__(self, spec):
        return format(self.real, spec)


async def fetch_with_progress(urls, fetch, progress):
    async def fetch_one(url):
        return url, await fetch(url)

    tasks = [asyncio.create_task(fetch_one(url)) for url in urls]
    finished = []
    try:
        for given, next_done in zip(urls, asyncio.as_completed(tasks), strict=True):
            url, page = await next_done
            progress(_Url(given, url), page)
            finished.append(url)
    finally:
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return finished
