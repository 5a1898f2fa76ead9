"""paginate starts fetching the first page as soon as it is called, before anyone iterates."""

import asyncio

FAILS = {1}
BREAKS = "paginate-is-lazy"


def paginate(fetch_page):
    first = asyncio.ensure_future(fetch_page(None))

    async def items():
        pending = first
        while True:
            page, cursor = await pending
            for item in page:
                yield item
            if cursor is None:
                return
            pending = fetch_page(cursor)

    return items()
