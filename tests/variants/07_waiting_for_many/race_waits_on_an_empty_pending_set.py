"""Mistake: first_response awaits asyncio.wait(pending) even with nothing pending (one mirror)."""

import asyncio

FAILS = {3}
BREAKS = "race-returns-first"


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    pending = set(tasks)
    try:
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        return done.pop().result()
    finally:
        for task in pending:
            task.cancel()
        await asyncio.wait(pending)
