"""paginate yields each page's list of items instead of the items one by one."""

FAILS = {1}
BREAKS = "paginate-yields-every-item"


async def paginate(fetch_page):
    cursor = None
    while True:
        items, cursor = await fetch_page(cursor)
        yield items
        if cursor is None:
            return
