"""Collects fetch results in the order they finish, not in the order of the URLs."""


async def fetch_all(urls, fetch):
    return [await next_done for next_done in asyncio.as_completed([fetch(url) for url in urls])]


FAILS = {6}
BREAKS = "fetch-all-in-url-order"
