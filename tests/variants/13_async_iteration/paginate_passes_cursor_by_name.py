"""Correct: paginate passes the cursor by name, fetch_page(cursor=cursor)."""

FAILS = set()


async def paginate(fetch_page):
    cursor = None
    while True:
        items, cursor = await fetch_page(cursor=cursor)
        for item in items:
            yield item
        if cursor is None:
            return
