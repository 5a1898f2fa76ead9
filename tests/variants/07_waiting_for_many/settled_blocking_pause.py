"""Mistake: a blocking time.sleep "to be polite" between starting fetches."""

import asyncio
import time

FAILS = {1}
BREAKS = "settled-at-once"


async def fetch_all_settled(urls, fetch):
    tasks = []
    for url in urls:
        tasks.append(asyncio.create_task(fetch(url)))
        time.sleep(0.01)
    return await asyncio.gather(*tasks, return_exceptions=True)
