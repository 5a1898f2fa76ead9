"""Mistake: paginate stops after 1000 pages, a guard against an endless API that the
statement never sets: the items of the later pages are lost."""

FAILS = {1}
BREAKS = "paginate-yields-every-item"

MAX_PAGES = 1000


async def paginate(fetch_page):
    cursor = None
    for _page in range(MAX_PAGES):
        items, cursor = await fetch_page(cursor)
        for item in items:
            yield item
        if cursor is None:
            return
