"""paginate stops when next_cursor is false (`if not cursor`), so a cursor 0 or '' ends it."""

FAILS = {1}
BREAKS = "paginate-follows-cursors"


async def paginate(fetch_page):
    cursor = None
    while True:
        items, cursor = await fetch_page(cursor)
        for item in items:
            yield item
        if not cursor:
            return
