"""Mistake: fetch_all raises an error of its own in place of the fetch's, an error that says
it equals anything (its __eq__): the check must ask for the very exception, not an equal one."""

import asyncio

FAILS = {6}
BREAKS = "fetch-all-failure-propagates"


class FetchFailed(ConnectionError):
    def __eq__(self, other):
        return True

    __hash__ = ConnectionError.__hash__


async def fetch_all(urls, fetch):
    results = await asyncio.gather(*(fetch(url) for url in urls), return_exceptions=True)
    if any(isinstance(each, Exception) for each in results):
        raise FetchFailed("some fetch failed")
    return results
