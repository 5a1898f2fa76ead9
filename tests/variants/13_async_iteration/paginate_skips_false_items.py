"""Mistake: paginate yields an item only when it is true: 0, '' and None are lost."""

FAILS = {1}
BREAKS = "paginate-yields-every-item"


async def paginate(fetch_page):
    cursor = None
    while True:
        items, cursor = await fetch_page(cursor)
        for item in items:
            if item:
                yield item
        if cursor is None:
            return
