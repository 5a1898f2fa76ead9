"""Mistake: wait(FIRST_COMPLETED) in a loop handles one finished task per round and drops the rest.

With distinct delays only one task finishes per round; two fetches finishing at the same
instant lose one of them.
"""

import asyncio

FAILS = {2}
BREAKS = "progress-every-url-once"


async def fetch_with_progress(urls, fetch, progress):
    tasks = {asyncio.create_task(fetch(url)): url for url in urls}
    pending = set(tasks)
    finished = []
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        task = done.pop()
        progress(tasks[task], task.result())
        finished.append(tasks[task])
    return finished
