"""paginate checks for the last cursor before yielding: the last page's items are lost."""

FAILS = {1}
BREAKS = "paginate-yields-every-item"


async def paginate(fetch_page):
    cursor = None
    while True:
        items, cursor = await fetch_page(cursor)
        if cursor is None:
            return
        for item in items:
            yield item
