"""Mistake: each fetch awaited in a try catching BaseException: its own cancellation is listed."""

import asyncio

FAILS = {1}
BREAKS = "settled-cancellation-propagates"


async def fetch_all_settled(urls, fetch):
    tasks = [asyncio.create_task(fetch(url)) for url in urls]
    results = []
    for started in tasks:
        try:
            results.append(await started)
        except BaseException as error:  # CancelledError too: fetch_all_settled's own
            results.append(error)
    return results
