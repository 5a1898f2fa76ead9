"""Mistake: the losers are asked to cancel, but the race returns before they have stopped."""

import asyncio

FAILS = {3}
BREAKS = "race-losers-stopped"


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    try:
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        return done.pop().result()
    finally:
        for running in tasks:
            running.cancel()
