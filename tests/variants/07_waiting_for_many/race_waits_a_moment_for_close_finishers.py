"""Mistake: once the first download finishes, first_response waits 0.15 s more "for
near-simultaneous finishers" before it returns and cancels the others."""

import asyncio

FAILS = {3}
BREAKS = "race-returns-first"


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        await asyncio.sleep(0.15)  # give near-simultaneous finishers a moment
        for task in tasks:
            if task.done():
                return task.result()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
