"""Mistake: tasks and asyncio.wait, which cancels nothing: cancelled, it leaves its fetches."""

import asyncio

FAILS = {1}
BREAKS = "settled-cancelled-cancels-fetches"


async def fetch_all_settled(urls, fetch):
    tasks = [asyncio.create_task(fetch(url)) for url in urls]
    if tasks:
        await asyncio.wait(tasks)
    return [task.exception() or task.result() for task in tasks]
