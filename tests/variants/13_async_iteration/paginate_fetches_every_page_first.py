"""paginate fetches every page before yielding the first item (eager, not on demand)."""

FAILS = {1}
BREAKS = "paginate-fetches-on-demand"


async def paginate(fetch_page):
    everything = []
    cursor = None
    while True:
        items, cursor = await fetch_page(cursor)
        everything.extend(items)
        if cursor is None:
            break
    for item in everything:
        yield item
