"""Mistake: first_response waits at most 30 s for a download, a deadline nobody asked for."""

import asyncio

FAILS = {3}
BREAKS = "race-returns-first"


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    try:
        done, _pending = await asyncio.wait(tasks, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        return done.pop().result()
    finally:
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
