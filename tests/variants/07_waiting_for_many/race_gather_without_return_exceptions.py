"""Mistake: the finally awaits the cancelled losers with a plain gather.

gather without return_exceptions raises the first loser's CancelledError, which replaces
the winner's result: first_response raises CancelledError instead of returning.
"""

import asyncio

FAILS = {3}
BREAKS = "race-returns-first"


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    try:
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        return done.pop().result()
    finally:
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks)
