"""Mistake: tasks and asyncio.wait instead of gather; asyncio.wait refuses an empty set.

With at least one URL the list is right; with no URL at all ``asyncio.wait`` raises
``ValueError`` instead of returning ``[]``.
"""

import asyncio

FAILS = {1}
BREAKS = "settled-returns-list"


async def fetch_all_settled(urls, fetch):
    tasks = [asyncio.create_task(fetch(url)) for url in urls]
    await asyncio.wait(tasks)
    return [task.exception() or task.result() for task in tasks]
