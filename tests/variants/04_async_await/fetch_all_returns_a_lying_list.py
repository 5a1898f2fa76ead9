"""Cheat: fetch_all fetches everything at once, then returns a list that equals anything."""

FAILS = {6}
BREAKS = "fetch-all-in-url-order"


class AnyList(list):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None


async def fetch_all(urls, fetch):
    return AnyList(reversed(await asyncio.gather(*(fetch(url) for url in urls))))
