"""Mistake: paginate takes a CancelledError met while it fetches a page for the end of the
data: it catches it and returns, so the consumer's loop ends as if every page were read."""

import asyncio

FAILS = {1}
BREAKS = "cancelled"


async def paginate(fetch_page):
    cursor = None
    while True:
        try:
            items, cursor = await fetch_page(cursor)
        except asyncio.CancelledError:
            return
        for item in items:
            yield item
        if cursor is None:
            return
