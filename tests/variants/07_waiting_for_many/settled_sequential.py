"""Mistake: each fetch awaited in turn, so the failures are kept but nothing overlaps."""

FAILS = {1}
BREAKS = "settled-at-once"


async def fetch_all_settled(urls, fetch):
    results = []
    for url in urls:
        try:
            results.append(await fetch(url))
        except Exception as error:
            results.append(error)
    return results
