"""Mistake: first_response cancels the losers and sleeps(0) instead of awaiting them."""

import asyncio

FAILS = {3}
BREAKS = "race-losers-stopped"


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    try:
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        return done.pop().result()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.sleep(0)
