"""paginate takes an empty page for the end of the data."""

FAILS = {1}
BREAKS = "paginate-empty-page"


async def paginate(fetch_page):
    cursor = None
    while True:
        items, cursor = await fetch_page(cursor)
        if not items:
            return
        for item in items:
            yield item
        if cursor is None:
            return
