"""Mistake: CancelledError is caught and swallowed, so a timeout cannot stop the race."""

import asyncio

FAILS = {3}
BREAKS = "race-cancellation-propagates"


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    try:
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        return done.pop().result()
    except asyncio.CancelledError:
        return None
    finally:
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
