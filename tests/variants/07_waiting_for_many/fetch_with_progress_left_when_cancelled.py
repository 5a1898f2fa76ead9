"""An asyncio.wait loop with no finally: cancelled while it waits, fetch_with_progress
leaves the fetches it started running."""

import asyncio

FAILS = {2}
BREAKS = "left-running"


async def fetch_with_progress(urls, fetch, progress):
    tasks = {asyncio.create_task(fetch(url)): url for url in urls}
    finished = []
    pending = set(tasks)
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for task in sorted(done, key=list(tasks).index):
            progress(tasks[task], task.result())
            finished.append(tasks[task])
    return finished
