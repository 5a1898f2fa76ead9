"""Mistake: paginate wraps each fetch_page in asyncio.wait_for(..., 30), a deadline the
statement never sets: a page that takes longer ends the iteration in TimeoutError."""

FAILS = {1}
BREAKS = "paginate-yields-every-item"


async def paginate(fetch_page):
    cursor = None
    while True:
        items, cursor = await asyncio.wait_for(fetch_page(cursor), 30)
        for item in items:
            yield item
        if cursor is None:
            return
