"""paginate starts fetching the next page as soon as one arrives, before anyone asks for it."""

import asyncio

FAILS = {1}
BREAKS = "paginate-fetches-on-demand"


async def paginate(fetch_page):
    pending = asyncio.ensure_future(fetch_page(None))
    while True:
        items, cursor = await pending
        if cursor is not None:
            pending = asyncio.ensure_future(fetch_page(cursor))
        for item in items:
            yield item
        if cursor is None:
            return
