"""Mistake: losers cancelled after a win, but not when the race itself is cancelled."""

import asyncio

FAILS = {3}
BREAKS = "race-cancelled-cancels-downloads"


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for running in pending:
        running.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return done.pop().result()
