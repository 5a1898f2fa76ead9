"""Mistake: cancelled, it asks its fetches to cancel but does not wait until they have stopped."""

import asyncio

FAILS = {1}
BREAKS = "settled-cancelled-cancels-fetches"


async def fetch_all_settled(urls, fetch):
    tasks = [asyncio.create_task(fetch(url)) for url in urls]
    results = []
    try:
        for started in tasks:
            try:
                results.append(await started)
            except Exception as error:
                results.append(error)
    finally:
        for running in tasks:
            running.cancel()
    return results
